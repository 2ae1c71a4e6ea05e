package io.grantflow.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench [--db h2|postgres] [--clients N[,M]] [--seconds S] [--out FILE] [--quick]}, parsed by picocli. */
record BenchOptions(String db, List<Integer> clients, Duration warmUp, Duration window, Path out, boolean quick, int timerDrain,
        int waitingFlows, List<String> only, List<String> properties) {

    /** Whether a workload runs: all by default, or those named by {@code --only} (engine-baseline always, for the ratios). */
    boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload) || workload.equals("engine-baseline");
    }

    /** The largest client count: the JIT warm-up's, and timer-drain's reference (the job executor works for all). */
    int mostClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** {@code --help} was asked for: the message is the help text. */
    static final class Help extends RuntimeException {
        Help(String text) {
            super(text);
        }
    }

    /** The command line as picocli sees it; the defaults that depend on --quick are settled in {@link #options}. */
    @Command(name = "bench", synopsisHeading = "usage: ", customSynopsis = "bench [--db h2|postgres] [--clients N[,M...]] [--seconds S]"
            + " [--out FILE] [--quick] [--timer-drain N] [--waiting N] [--only w1,w2] [--property key=value]...",
            description = "Grantflow's flows against the bare engine, in one run, on one fresh database (README, \"Performance\").%n")
    static final class Line {
        @Option(names = "--db", paramLabel = "h2|postgres", description = "The database: a fresh H2 file database (default) or PostgreSQL.")
        String db = "h2";

        @Option(names = "--clients", split = ",", paramLabel = "N", description = "Client counts, each workload runs with each (default 1,4; quick 1,2).")
        List<Integer> clients;

        @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per workload and client count (default 8; quick 1).")
        Double seconds;

        @Option(names = "--out", paramLabel = "FILE", description = "The JSON report (default target/bench/bench-<db>.json).")
        Path out;

        @Option(names = "--quick", description = "The smoke test: small counts, short windows.")
        boolean quick;

        @Option(names = "--timer-drain", paramLabel = "N", description = "Auto-revokes due at once (default 10000; quick 100).")
        Integer drain;

        @Option(names = "--waiting", paramLabel = "N", description = "Waiting flows for waiting-scale (default 100000; quick 300).")
        Integer waiting;

        @Option(names = "--only", split = ",", paramLabel = "WORKLOAD", description = "Runs these workloads only (and the baseline).")
        List<String> only = List.of();

        @Option(names = "--property", paramLabel = "key=value", description = "A Spring setting for a before/after comparison.")
        List<String> properties = new ArrayList<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
        boolean help;
    }

    static String usage() {
        StringWriter text = new StringWriter();
        new CommandLine(new Line()).setUsageHelpWidth(120).usage(new PrintWriter(text));
        return text.toString();
    }

    /** @throws IllegalArgumentException for an unknown option or value; {@link Help} for {@code --help} */
    static BenchOptions parse(String[] args) {
        Line line = new Line();
        CommandLine cli = new CommandLine(line);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (cli.isUsageHelpRequested()) {
            throw new Help(usage());
        }
        return options(line);
    }

    private static BenchOptions options(Line line) {
        if (!line.db.equals("h2") && !line.db.equals("postgres")) {
            throw new IllegalArgumentException("--db is h2 or postgres");
        }
        for (String property : line.properties) {
            if (!property.contains("=")) {
                throw new IllegalArgumentException("--property needs key=value");
            }
        }
        boolean quick = line.quick;
        List<Integer> clients = line.clients != null ? line.clients : quick ? List.of(1, 2) : List.of(1, 4);
        // Full run: 4 s warm-up + 8 s measured per workload and client count keeps one database under ~10 minutes.
        double window = line.seconds != null ? line.seconds : quick ? 1 : 8;
        double warmUp = quick ? 0.3 : Math.max(1, window / 2);
        return new BenchOptions(line.db, List.copyOf(clients), Duration.ofMillis((long) (warmUp * 1000)),
                Duration.ofMillis((long) (window * 1000)), line.out != null ? line.out : Path.of("target", "bench", "bench-" + line.db + ".json"),
                quick, line.drain != null ? line.drain : quick ? 100 : 10_000, line.waiting != null ? line.waiting : quick ? 300 : 100_000,
                List.copyOf(line.only), List.copyOf(line.properties));
    }
}
