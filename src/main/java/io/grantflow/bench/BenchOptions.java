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

/**
 * {@code bench [--db h2|postgres] [--clients N[,M]] [--seconds S] [--rounds R] [--out FILE] [--quick]}, parsed by picocli.
 *
 * @param warmUp before each measured window, unmeasured (the client threads start, the previous workload's work settles)
 * @param jitWarmUp how long each workload runs once, unmeasured, before the first round
 * @param rounds how often each workload and its reference are measured, interleaved
 * @param warmUpRounds rounds run exactly like the measured ones before them, and not counted: the database and the
 *     compiled code settle in them (the first round of a run was up to 2.5 times slower than the later ones)
 * @param timerDrain credit assignments whose time is up at once in each timer-drain round
 */
record BenchOptions(String db, List<Integer> clients, Duration warmUp, Duration window, Duration jitWarmUp, int rounds, int warmUpRounds,
        Path out, boolean quick, int timerDrain, int waitingFlows, List<String> only, List<String> properties) {

    /** Whether a workload runs: all by default, or those named by {@code --only} (their references run with them). */
    boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload);
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
            + " [--rounds R] [--warm-up-rounds W] [--out FILE] [--quick] [--timer-drain N] [--waiting N] [--only w1,w2] [--property key=value]...",
            description = "Grantflow's flows against the bare engine, in one run, on one fresh database (docs/performance.md).%n")
    static final class Line {
        @Option(names = "--db", paramLabel = "h2|postgres", description = "The database: a fresh H2 file database (default) or PostgreSQL.")
        String db = "h2";

        @Option(names = "--clients", split = ",", paramLabel = "N", description = "Client counts, each workload runs with each (default 4, the targets' count; quick 2).")
        List<Integer> clients;

        @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per round of a workload (default 5; quick 1).")
        Double seconds;

        @Option(names = "--rounds", paramLabel = "R", description = "Interleaved rounds of reference and workload (default 7; quick 2).")
        Integer rounds;

        @Option(names = "--warm-up-rounds", paramLabel = "W", description = "Rounds before them, run alike and not counted (default 1; quick 0).")
        Integer warmUpRounds;

        @Option(names = "--out", paramLabel = "FILE", description = "The JSON report (default target/bench/bench-<db>.json).")
        Path out;

        @Option(names = "--quick", description = "The smoke test: small counts, short windows.")
        boolean quick;

        @Option(names = "--timer-drain", paramLabel = "N", description = "Auto-revokes due at once per timer-drain round (default 2000; quick 50).")
        Integer drain;

        @Option(names = "--waiting", paramLabel = "N", description = "Waiting flows for waiting-scale (default 100000; quick 300).")
        Integer waiting;

        @Option(names = "--only", split = ",", paramLabel = "WORKLOAD", description = "Runs these workloads only (and their references).")
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
        List<Integer> clients = line.clients != null ? line.clients : quick ? List.of(2) : List.of(4);
        if (line.rounds != null && line.rounds < 1) {
            throw new IllegalArgumentException("--rounds needs at least 1");
        }
        if (line.warmUpRounds != null && line.warmUpRounds < 0) {
            throw new IllegalArgumentException("--warm-up-rounds cannot be negative");
        }
        // Full run: 1 uncounted and 7 counted rounds of 1 s warm-up + 5 s measured, for every workload and for its reference next to it.
        double window = line.seconds != null ? line.seconds : quick ? 1 : 5;
        double warmUp = quick ? 0.2 : Math.min(1, window / 2);
        double jit = quick ? 0.3 : 3;
        return new BenchOptions(line.db, List.copyOf(clients), millis(warmUp), millis(window), millis(jit),
                line.rounds != null ? line.rounds : quick ? 2 : 7, line.warmUpRounds != null ? line.warmUpRounds : quick ? 0 : 1,
                line.out != null ? line.out : Path.of("target", "bench", "bench-" + line.db + ".json"),
                quick, line.drain != null ? line.drain : quick ? 50 : 2_000, line.waiting != null ? line.waiting : quick ? 300 : 100_000,
                List.copyOf(line.only), List.copyOf(line.properties));
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
