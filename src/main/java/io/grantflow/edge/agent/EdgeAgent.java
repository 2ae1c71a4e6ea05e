package io.grantflow.edge.agent;

import io.grantflow.protocol.GrantflowException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The edge agent: {@code java -jar grantflow.jar agent <command> --home DIR [options]} plays a remote Control
 * Center (installation) or a HOME system against Grantflow, online (call-in) or through files across an air gap.
 * No web server, no engine: it starts before Spring, and {@link #run} answers an exit code instead of exiting.
 * picocli parses the command line and writes the help; the commands are {@link AgentCommands}.
 */
public final class EdgeAgent {

    /** Overrides the agent's clock (ISO-8601 instant), e.g. to show what a clock set back does. */
    static final String NOW_ENV = "GRANTFLOW_AGENT_NOW";

    private EdgeAgent() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs one command; answers 0, 1 for a refusal, 2 for a usage error. Never exits the JVM. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        PrintWriter help = new PrintWriter(out, true);
        try {
            CommandLine cli = commandLine(new AgentCommands(in, out, err));
            cli.setOut(help).setErr(new PrintWriter(err, true));
            cli.setParameterExceptionHandler((e, given) -> {
                err.println("error: usage: " + oneLine(usage(e)));
                return AgentException.USAGE;
            });
            cli.setExecutionExceptionHandler((e, command, parsed) -> refused(e, err));
            return cli.execute(args);
        } finally {
            help.flush();
        }
    }

    /** The overview's order: setting up, offline files, credits, online. */
    private static final List<String> ORDER = List.of("init", "trust", "update-token", "apply", "status", "use", "release",
            "revoke-key", "call-in");

    static CommandLine commandLine(AgentCommands commands) {
        CommandLine cli = new CommandLine(commands).setUsageHelpWidth(120);
        // The overview lists each command's synopsis, as 'agent <command> --help' starts with it.
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                h -> ORDER.stream().map(name -> h.commandSpec().subcommands().get(name).getCommandSpec())
                        .map(c -> "  " + String.join("", c.usageMessage().customSynopsis()).strip() + "\n")
                        .collect(Collectors.joining()));
        return cli;
    }

    /** The exit code of a refusal, written as one line {@code error: <code>: <detail>}. */
    static int refused(Exception e, PrintStream err) {
        if (e instanceof AgentException a) {
            err.println("error: " + a.code() + ": " + oneLine(a.getMessage()));
            return a.exitCode();
        }
        if (e instanceof GrantflowException g) {
            err.println("error: " + g.code() + ": " + oneLine(g.getMessage()));
            return AgentException.FAILED;
        }
        err.println("error: internal: " + oneLine(String.valueOf(e)));
        return AgentException.FAILED;
    }

    /** picocli's reason, in the agent's words: which command, which option, where to read more. */
    private static String usage(CommandLine.ParameterException e) {
        CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
        boolean top = spec.parent() == null;
        String name = spec.name();
        String more = top ? " (see 'agent --help')" : " (see 'agent " + name + " --help')";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (top) {
                return "no command '" + arg + "'" + more;
            }
            return arg.startsWith("-") ? "'" + name + "' has no option " + arg + more : "'" + name + "' takes no argument " + arg;
        }
        if (e instanceof CommandLine.MissingParameterException m) {
            List<String> missing = m.getMissing().stream().map(EdgeAgent::label).toList();
            return "'" + name + "' needs " + String.join(" and ", missing) + more;
        }
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return label(o.getOverwritten()) + " is given twice";
        }
        return e.getMessage() + more;
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
