package io.grantflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code bench [--db h2|postgres] [--clients N[,M]] [--seconds S] [--out FILE] [--quick]}. */
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

    static final String USAGE = "usage: bench [--db h2|postgres] [--clients N[,M...]] [--seconds S] [--out FILE] [--quick]"
            + " [--timer-drain N] [--waiting N] [--only w1,w2] [--property key=value]...";

    static BenchOptions parse(String[] args) {
        String db = "h2";
        List<Integer> clients = null;
        Double seconds = null;
        Path out = null;
        boolean quick = false;
        Integer drain = null;
        Integer waiting = null;
        List<String> only = List.of();
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--db" -> db = value(args, ++i, arg);
                case "--clients" -> {
                    clients = new ArrayList<>();
                    for (String n : value(args, ++i, arg).split(",")) {
                        clients.add(Integer.parseInt(n.strip()));
                    }
                }
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--quick" -> quick = true;
                case "--timer-drain" -> drain = Integer.parseInt(value(args, ++i, arg));
                case "--waiting" -> waiting = Integer.parseInt(value(args, ++i, arg));
                case "--only" -> only = List.of(value(args, ++i, arg).split(","));
                case "--property" -> {
                    String property = value(args, ++i, arg);
                    if (!property.contains("=")) {
                        throw new IllegalArgumentException("--property needs key=value");
                    }
                    properties.add(property);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!db.equals("h2") && !db.equals("postgres")) {
            throw new IllegalArgumentException("--db is h2 or postgres");
        }
        if (clients == null) {
            clients = quick ? List.of(1, 2) : List.of(1, 4);
        }
        // Full run: 4 s warm-up + 8 s measured per workload and client count keeps one database under ~10 minutes.
        double window = seconds != null ? seconds : quick ? 1 : 8;
        double warmUp = quick ? 0.3 : Math.max(1, window / 2);
        return new BenchOptions(db, List.copyOf(clients), Duration.ofMillis((long) (warmUp * 1000)), Duration.ofMillis((long) (window * 1000)),
                out != null ? out : Path.of("target", "bench", "bench-" + db + ".json"), quick,
                drain != null ? drain : quick ? 100 : 10_000, waiting != null ? waiting : quick ? 300 : 100_000, only,
                List.copyOf(properties));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
