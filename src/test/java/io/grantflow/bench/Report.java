package io.grantflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grantflow.ledger.LedgerVerifier;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bench's JSON report and its table; every ratio is taken within the run. */
final class Report {

    private final BenchOptions options;
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Object> setup = new LinkedHashMap<>();
    private final List<Map<String, Object>> workloads = new ArrayList<>();
    private Map<String, Object> ledger;
    private Overspend.Result overspend;
    private final String startedAt = Instant.now().toString();

    Report(BenchOptions options) {
        this.options = options;
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    void machine(String key, Object value) {
        machine.put(key, value);
    }

    void setup(String key, Object value) {
        setup.put(key, value);
    }

    /** @param baseline engine-baseline measured right before this workload (the ratio's reference), or null: the run's */
    void add(String name, int steps, Measure.Result r, Double baseline) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("name", name);
        w.put("clients", r.clients());
        w.put("perSecond", round(r.perSecond()));
        if (steps > 1) {
            w.put("stepsPerCycle", steps);
            w.put("stepsPerSecond", round(r.perSecond() * steps));
        }
        w.put("p50Ms", round(r.p50Ms()));
        w.put("p95Ms", round(r.p95Ms()));
        w.put("p99Ms", round(r.p99Ms()));
        w.put("ok", r.ok());
        w.put("failed", r.failed());
        if (!r.errors().isEmpty()) {
            w.put("errors", r.errors());
        }
        Optional<Double> reference = baseline != null && baseline > 0 ? Optional.of(baseline) : perSecond("engine-baseline", r.clients());
        if (baseline != null) {
            w.put("baselinePerSecond", round(baseline));
        }
        reference.ifPresent(b -> w.put("ratioToBaseline", round(r.perSecond() * steps / b)));
        if (name.equals("waiting-scale")) {
            // Each against the baseline measured next to it, where there is one: the machine's drift cancels out.
            Optional<Double> onEmpty = baseline == null ? Optional.empty() : number("assign-online", r.clients(), "ratioToBaseline");
            Optional<Double> ratio = onEmpty.isPresent() ? Optional.of(r.perSecond() / baseline / onEmpty.get())
                    : perSecond("assign-online", r.clients()).map(e -> r.perSecond() / e);
            ratio.ifPresent(x -> w.put("ratioToEmpty", round(x)));
        }
        workloads.add(w);
    }

    /** Mean time per step of a cycle workload (all its cycles, warm-up included). */
    void steps(String name, Map<String, Double> means) {
        if (!means.isEmpty()) {
            setup.put("meanStepMs " + name, means);
        }
    }

    void timerDrain(int n, double createSeconds, double drainSeconds, long returned, Double baseline) {
        Map<String, Object> w = new LinkedHashMap<>();
        int clients = options.mostClients();
        double perSecond = returned / drainSeconds;
        w.put("name", "timer-drain");
        w.put("clients", clients); // the job executor's threads; compared with the baseline at the most clients
        w.put("perSecond", round(perSecond));
        w.put("ok", returned);
        w.put("failed", n - returned);
        w.put("dueAtOnce", n);
        w.put("createSeconds", round(createSeconds));
        w.put("drainSeconds", round(drainSeconds));
        if (baseline != null) {
            w.put("baselinePerSecond", round(baseline));
        }
        (baseline != null && baseline > 0 ? Optional.of(baseline) : perSecond("engine-baseline", clients))
                .ifPresent(b -> w.put("ratioToBaseline", round(perSecond / b)));
        workloads.add(w);
    }

    void waiting(int n, double createSeconds, long waiting) {
        setup.put("waitingFlowsCreated", n);
        setup.put("waitingCreateSeconds", round(createSeconds));
        setup.put("waitingCreatePerSecond", round(n / createSeconds));
        setup.put("flowsWaitingDuringWaitingScale", waiting);
    }

    void ledger(LedgerVerifier.Report r, double seconds) {
        ledger = new LinkedHashMap<>();
        ledger.put("pools", r.pools());
        ledger.put("rows", r.rows());
        ledger.put("intact", r.intact());
        ledger.put("broken", r.broken().stream().limit(20).map(Object::toString).toList());
        ledger.put("verifySeconds", round(seconds));
    }

    void overspend(Overspend.Result r) {
        overspend = r;
    }

    private Optional<Double> perSecond(String name, int clients) {
        return find(name, clients).map(w -> ((Number) w.get("perSecond")).doubleValue()).filter(v -> v > 0);
    }

    private Optional<Map<String, Object>> find(String name, int clients) {
        return workloads.stream().filter(w -> w.get("name").equals(name) && ((Number) w.get("clients")).intValue() == clients).findFirst();
    }

    private Optional<Double> number(String name, int clients, String field) {
        return find(name, clients).map(w -> (Number) w.get(field)).map(Number::doubleValue);
    }

    /** Every target of the issue with the measured ratio; a missed target is a finding, not a failure of the run. */
    List<Map<String, Object>> targets() {
        List<Map<String, Object>> t = new ArrayList<>();
        int most = options.mostClients();
        for (int c : options.clients()) {
            target(t, "assign-online >= 0.6 x engine-baseline", c, number("assign-online", c, "ratioToBaseline"), 0.6);
            target(t, "offline-cycle per step >= 0.5 x engine-baseline", c, number("offline-cycle", c, "ratioToBaseline"), 0.5);
            target(t, "update-cycle per step >= 0.5 x engine-baseline", c, number("update-cycle", c, "ratioToBaseline"), 0.5);
            target(t, "assign-http >= 0.5 x assign-online", c, ratio("assign-http", "assign-online", c), 0.5);
            target(t, "waiting-scale >= 0.8 x assign-online on the empty database", c, number("waiting-scale", c, "ratioToEmpty"), 0.8);
        }
        target(t, "assign-contended >= 0.3 x assign-online", most, ratio("assign-contended", "assign-online", most), 0.3);
        Optional<Double> p99 = number("assign-http", most, "p99Ms");
        Optional<Double> p50 = number("assign-http", most, "p50Ms");
        Map<String, Object> tail = new LinkedHashMap<>();
        tail.put("target", "assign-http p99 <= 5 x p50");
        tail.put("clients", most);
        if (p99.isPresent() && p50.isPresent() && p50.get() > 0) {
            double r = p99.get() / p50.get();
            tail.put("measured", round(r));
            tail.put("met", r <= 5);
        }
        t.add(tail);
        target(t, "timer-drain >= 0.5 x engine-baseline", most, number("timer-drain", most, "ratioToBaseline"), 0.5);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("target", "overspend = 0");
        o.put("measured", overspend == null ? null : overspend.overspend());
        o.put("met", overspend != null && overspend.overspend() == 0 && overspend.poolsOutOfBalance() == 0);
        t.add(o);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("target", "ledger intact");
        l.put("met", ledger != null && Boolean.TRUE.equals(ledger.get("intact")));
        t.add(l);
        return t;
    }

    private Optional<Double> ratio(String name, String to, int clients) {
        Optional<Double> a = perSecond(name, clients);
        Optional<Double> b = perSecond(to, clients);
        return a.isPresent() && b.isPresent() ? Optional.of(a.get() / b.get()) : Optional.empty();
    }

    private static void target(List<Map<String, Object>> t, String name, int clients, Optional<Double> measured, double required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", name);
        m.put("clients", clients);
        m.put("measured", measured.map(Report::round).orElse(null));
        m.put("met", measured.isPresent() && measured.get() >= required);
        t.add(m);
    }

    Map<String, Object> json() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("db", options.db());
        r.put("startedAt", startedAt);
        r.put("finishedAt", Instant.now().toString());
        r.put("quick", options.quick());
        r.put("clients", options.clients());
        r.put("warmUpSeconds", options.warmUp().toMillis() / 1000.0);
        r.put("measureSeconds", options.window().toMillis() / 1000.0);
        r.put("machine", machine);
        r.put("setup", setup);
        r.put("workloads", workloads);
        r.put("targets", targets());
        r.put("overspend", overspend == null ? null : overspend.overspend());
        r.put("poolsOutOfBalance", overspend == null ? null : overspend.poolsOutOfBalance());
        r.put("ledger", ledger);
        return r;
    }

    void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%n%-24s %7s %10s %10s %9s %9s %9s %8s %8s%n", "workload (" + options.db() + ")", "clients", "per s",
                "steps/s", "p50 ms", "p95 ms", "p99 ms", "failed", "ratio"));
        for (Map<String, Object> w : workloads) {
            s.append(String.format("%-24s %7s %10s %10s %9s %9s %9s %8s %8s%n", w.get("name"), w.get("clients"), w.get("perSecond"),
                    w.getOrDefault("stepsPerSecond", ""), w.getOrDefault("p50Ms", ""), w.getOrDefault("p95Ms", ""),
                    w.getOrDefault("p99Ms", ""), w.get("failed"),
                    w.containsKey("ratioToEmpty") ? w.get("ratioToEmpty") + "*" : w.getOrDefault("ratioToBaseline", "")));
        }
        s.append("ratio: to engine-baseline measured right before the workload, same client count (steps for cycles);"
                + " * waiting-scale: to assign-online on the empty database\n");
        s.append(String.format("%ntargets%n"));
        for (Map<String, Object> t : targets()) {
            s.append(String.format("  %-4s %-62s %8s %s%n", Boolean.TRUE.equals(t.get("met")) ? "met" : "MISS", t.get("target"),
                    t.getOrDefault("measured", ""), t.containsKey("clients") ? "(" + t.get("clients") + " clients)" : ""));
        }
        s.append(String.format("overspend %s, ledger %s%n", overspend == null ? "?" : overspend.overspend(), ledger));
        return s.toString();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
