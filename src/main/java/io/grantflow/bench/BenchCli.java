package io.grantflow.bench;

import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.tokens.TokenIssuer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The benchmark (test scope, see {@link #main}): Grantflow's flows against the bare engine, in one run, on one fresh
 * database; a JSON report and a table. Every target is a ratio within the run (see docs/performance.md).
 */
public final class BenchCli {

    static final String BASELINE = "bench-baseline";
    static final String BASELINE_SIGNED = "bench-baseline-signed";

    private final BenchOptions options;
    private final Class<?> application;
    private final PrintStream out;
    private final Report report;
    private ConfigurableApplicationContext context;
    private ProcessEngine engine;
    private Flows flows;
    private BenchDatabase db;

    private BenchCli(BenchOptions options, Class<?> application, PrintStream out) {
        this.options = options;
        this.application = application;
        this.out = out;
        this.report = new Report(options);
    }

    /**
     * {@code java -jar grantflow.jar bench [options]} (docs/performance.md).
     *
     * @param application Grantflow's application class, whose Spring context the bench starts
     */
    public static int run(String[] args, Class<?> application, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.Help help) {
            out.print(help.getMessage());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(BenchOptions.usage());
            return 2;
        }
        try {
            new BenchCli(options, application, out).run();
            return 0;
        } catch (Exception e) {
            e.printStackTrace(err);
            return 1;
        }
    }

    private void run() throws Exception {
        report.machine("loadBefore", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (BenchDatabase db = BenchDatabase.create(options.db())) {
            this.db = db;
            out.println("bench: " + db.describe() + ", clients " + options.clients() + ", " + options.rounds() + " rounds of "
                    + options.warmUp().toMillis() + " ms warm-up + " + options.window().toMillis() + " ms per workload and its reference");
            long t0 = System.nanoTime();
            context = start(db);
            report.setup("contextStartSeconds", seconds(t0));
            try {
                SecurityContextHolder.getContext().setAuthentication(flows.user);
                workloads(db);
                finish();
            } finally {
                if (webhooks != null) {
                    webhooks.close();
                }
                ClockUtil.reset();
                SecurityContextHolder.clearContext();
                context.close();
            }
        }
        report.machine("loadAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.write(options.out());
        out.println(report.table());
        out.println("report: " + options.out().toAbsolutePath() + ", chart: " + Report.chartFile(options.out()).toAbsolutePath());
    }

    private ConfigurableApplicationContext start(BenchDatabase db) {
        Map<String, Object> properties = new HashMap<>(db.properties());
        properties.put("grantflow.demo", "false");
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        // Expected refusals and retried optimistic-locking conflicts would flood the output.
        properties.put("logging.level.org.camunda.bpm.engine.context", "OFF");
        properties.put("logging.level.org.camunda.bpm.engine.jobexecutor", "ERROR");
        String admin = java.util.UUID.randomUUID().toString();
        properties.put("camunda.bpm.admin-user.password", admin);
        properties.put("GRANTFLOW_ADMIN_PASSWORD", admin);
        // The call-ins over HTTP come from one address for 10,000 systems: each sends its own in X-Forwarded-For, as
        // behind a load balancer, so the per-address rate limit (with its cost) applies per system.
        properties.put("grantflow.limits.rate-limit.trust-forwarded-for", "true");
        // The webhook workloads' receiver listens on 127.0.0.1, over plain http; their worker passes run in the bench's
        // own threads, so the scheduled one stays off (it would send the deliveries outside the measurements).
        properties.put("grantflow.webhooks.allow-private-targets", "true");
        properties.put("grantflow.webhooks.worker-enabled", "false");
        // A setting tried for a before/after comparison (e.g. the job executor's), recorded in the report.
        for (String property : options.properties()) {
            properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
        }
        report.setup("properties", options.properties());
        // As command-line arguments: they override application.yaml (default properties would not).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        // The engine deploys only the shipped models, and these baseline flows of the bench's own
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application)
                .initializers(c -> c.getBeanFactory().registerSingleton("benchModels", new BenchModels())).run(args);
        engine = ctx.getBean(ProcessEngine.class);
        // Not a component: the application's scan would find it in every test context too.
        ctx.getBeanFactory().registerSingleton(SignDelegate.BEAN, new SignDelegate(ctx.getBean(TokenIssuer.class)));
        flows = new Flows(ctx);
        flows.port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        JobExecutor jobs = configuration().getJobExecutor();
        report.setup("jobExecutor", Map.of("corePoolSize", ctx.getEnvironment().getProperty("camunda.bpm.job-execution.core-pool-size", "3 (default)"),
                "maxJobsPerAcquisition", jobs.getMaxJobsPerAcquisition(), "waitTimeInMillis", jobs.getWaitTimeInMillis(),
                "lockTimeInMillis", jobs.getLockTimeInMillis()));
        report.setup("historyLevel", configuration().getHistoryLevel().getName());
        return ctx;
    }

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }

    private void workloads(BenchDatabase db) throws Exception {
        long t0 = System.nanoTime();
        engine.getRepositoryService().createDeployment().name("bench")
                .addModelInstance(BASELINE + ".bpmn", Bpmn.createExecutableProcess(BASELINE).camundaHistoryTimeToLive(180)
                        .startEvent().endEvent().done())
                .addModelInstance(BASELINE_SIGNED + ".bpmn", Bpmn.createExecutableProcess(BASELINE_SIGNED).camundaHistoryTimeToLive(180)
                        .startEvent().serviceTask("Task_Sign").camundaDelegateExpression("${" + SignDelegate.BEAN + "}").endEvent().done())
                // The start's caller commits a job; the job executor continues from the start event to the end.
                .addModelInstance(BASELINE_ASYNC + ".bpmn", Bpmn.createExecutableProcess(BASELINE_ASYNC).camundaHistoryTimeToLive(180)
                        .startEvent().camundaAsyncAfter().endEvent().done())
                .deploy();
        flows.createUser();
        flows.createAccounts(options.quick() ? 4 : 16, 4, 4);
        flows.callIn();
        int callInSystems = options.quick() ? 1_000 : 10_000;
        // A busy call-in uses up its system's waiting file: a round at 1,200 call-ins/s needs 1,200 × 6 s × 2 of them.
        int busySystems = options.quick() ? 3_000 : 15_000;
        flows.createCallInSystems(callInSystems, busySystems);
        report.setup("callInSystems", callInSystems);
        report.setup("busyCallInSystems", busySystems);
        // After the fixtures: the bench's own table (verify-insert) is one of those counted.
        countJdbc = db.countingJdbc(flows.jdbc);
        rows = new Rows(countJdbc, db.postgres(), db.dataDir());
        webhooks = new WebhookLoads(flows, countJdbc, 2 * options.mostClients());
        report.setup("webhookDeliveryEndpoints", webhooks.endpoints());
        DataSource dataSource = context.getBean(DataSource.class);
        Map<String, SequentialScans.Counts> scanCountsBefore = null;
        if (db.postgres()) {
            scanCountsBefore = SequentialScans.read(countJdbc);
        } else {
            StatementStatistics.start(dataSource);
        }
        report.setup("fixturesSeconds", seconds(t0));

        jitWarmUp();
        rounds("", () -> {
            for (int clients : options.clients()) {
                for (Map.Entry<String, List<String>> family : FAMILIES.entrySet()) {
                    // assign-online next to its variant: its own figures stay those of its chain with its reference
                    chain(family.getKey(), family.getValue(), clients, !family.getKey().equals("assign-online"));
                }
            }
        });
        report.selfSpread("engine-baseline");
        for (String reference : FAMILIES.get("engine-baseline").stream().filter(FAMILIES::containsKey).toList()) {
            report.referenceApart(reference);
        }
        report.steps("offline-cycle", flows.stepMeans("offline-cycle"));
        report.steps("update-cycle", flows.stepMeans("update-cycle"));
        if (options.runs("timer-drain")) {
            rounds("timer-drain ", () -> chain(BASELINE_ASYNC_NAME, List.of("timer-drain"), options.mostClients(), true));
            report.selfSpread(BASELINE_ASYNC_NAME);
        }
        if (options.runs("waiting-scale")) {
            waitingScale(db, dataSource);
        }
        if (db.postgres()) {
            sequentialScans(scanCountsBefore);
        } else {
            scans.addAll(StatementStatistics.find(dataSource));
            report.tableScans("no statement scans a Grantflow table",
                    scans.stream().map(x -> Map.<String, Object>of("table", x.table(), "sql", x.sql())).toList());
            scans.forEach(scan -> out.println("  scans " + scan.table() + ": " + scan.sql()));
            engineScans(dataSource);
            List<StatementStatistics.EngineScan> slowestFirst = engineScans.values().stream()
                    .sorted((a, b) -> Double.compare(b.totalMs(), a.totalMs())).toList();
            report.setup("engineTableScans", slowestFirst);
            slowestFirst.forEach(scan -> out.printf("  engine scan of %s (%,d rows): %d times, %.0f ms: %s%n", scan.table(),
                    scan.rows(), scan.executions(), scan.totalMs(), scan.sql()));
        }
    }

    /**
     * PostgreSQL: each table's worst measurement, Grantflow's for the table-scan check and the engine's listed beside it
     * (informational, not a target).
     */
    private final SequentialScans.Findings scanFindings = new SequentialScans.Findings();

    /**
     * PostgreSQL: the Grantflow tables whose sequential scans read many rows each, in a measurement or over the whole run
     * since the fixtures (the check), and every Grantflow table's scans over the run beside it (small tables are read
     * whole by design).
     */
    private void sequentialScans(Map<String, SequentialScans.Counts> before) throws InterruptedException {
        Thread.sleep(SequentialScans.FLUSH_MILLIS);
        Map<String, SequentialScans.Counts> after = SequentialScans.read(countJdbc);
        scanFindings.add("the whole run", before, after);
        List<SequentialScans.Scan> large = scanFindings.list(SequentialScans.GRANTFLOW);
        report.tableScans("no sequential scan reads " + SequentialScans.ROWS_PER_SCAN + " or more rows of a Grantflow table, on average",
                large.stream().map(BenchCli::scanEntry).toList());
        large.forEach(scan -> printScan("scans", scan));
        List<SequentialScans.Scan> engine = scanFindings.list(SequentialScans.ENGINE);
        report.setup("engineTableScans", engine.stream().map(BenchCli::scanEntry).toList());
        engine.forEach(scan -> printScan("engine scans", scan));
        Map<String, Object> byTable = new TreeMap<>();
        for (SequentialScans.Scan scan : SequentialScans.between(SequentialScans.GRANTFLOW, "the whole run", before, after)) {
            byTable.put(scan.table(), Map.of("scans", scan.scans(), "rowsRead", scan.rowsRead(), "liveRows", scan.liveRows()));
        }
        report.setup("sequentialScansOfGrantflowTables", byTable);
    }

    private void printScan(String label, SequentialScans.Scan scan) {
        out.printf("  %s %s (%,d rows) during %s: %,d sequential scans read %,d rows%n", label, scan.table(), scan.liveRows(),
                scan.during(), scan.scans(), scan.rowsRead());
    }

    private static Map<String, Object> scanEntry(SequentialScans.Scan scan) {
        return Map.of("table", scan.table(), "during", scan.during(), "scans", scan.scans(), "rowsRead", scan.rowsRead(),
                "liveRows", scan.liveRows());
    }

    /** H2: the statements that scanned an engine table this large, reported with it (informational, not a target). */
    static final long LARGE_ENGINE_TABLE = 10_000;

    /** H2: the engine's scans of large tables by table and statement, over the whole run (executions and time added up). */
    private final Map<List<String>, StatementStatistics.EngineScan> engineScans = new LinkedHashMap<>();

    private void engineScans(DataSource dataSource) throws SQLException {
        for (StatementStatistics.EngineScan scan : StatementStatistics.engineScans(dataSource, LARGE_ENGINE_TABLE)) {
            engineScans.merge(List.of(scan.table(), scan.sql()), scan, (a, b) -> new StatementStatistics.EngineScan(a.table(),
                    Math.max(a.rows(), b.rows()), a.sql(), a.executions() + b.executions(), a.totalMs() + b.totalMs()));
        }
    }

    interface Round {
        void run() throws Exception;
    }

    /** Whether the measurements now count: not in a warm-up round. */
    private boolean counting = true;

    /**
     * The warm-up rounds, run exactly as the counted ones and not recorded (the database's caches and the compiled code
     * settle in them), then the counted rounds.
     */
    private void rounds(String what, Round round) throws Exception {
        for (int r = 1 - options.warmUpRounds(); r <= options.rounds(); r++) {
            counting = r >= 1;
            if (r == 1) {
                flows.steps.clear(); // the cycles' mean step times: counted rounds only
            }
            out.printf("  %s%s%n", what, counting ? "round " + r + " of " + options.rounds() : "warm-up round (not counted)");
            round.run();
        }
        counting = true;
    }

    static final String BASELINE_ASYNC = "bench-baseline-async";
    static final String BASELINE_ASYNC_NAME = "engine-baseline-async";

    /**
     * Each reference and the workloads measured against it, one chain per round and client count (reference, workload,
     * reference, workload …, reference); timer-drain (against engine-baseline-async) and waiting-scale follow.
     */
    static final Map<String, List<String>> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put("engine-baseline", List.of("engine-baseline-signed", "verify-insert", "webhook-delivery"));
        FAMILIES.put("engine-baseline-signed", List.of("assign-online", "assign-contended", "assign-http", "offline-cycle", "update-cycle"));
        FAMILIES.put("verify-insert", List.of("call-in-quiet", "call-in-busy", "call-in-http"));
        // What delivering every event costs the flow that emits them: the same flow without an endpoint is the reference.
        FAMILIES.put("assign-online", List.of("assign-online-with-endpoint"));
    }

    /** Every workload of the run, in the report's order. */
    static final List<String> WORKLOADS = List.of("engine-baseline", "engine-baseline-signed", "verify-insert", "webhook-delivery",
            "assign-online", "assign-online-with-endpoint", "assign-contended", "assign-http", "offline-cycle", "update-cycle",
            "call-in-quiet", "call-in-busy", "call-in-http", BASELINE_ASYNC_NAME, "timer-drain", "waiting-scale");

    /** The reference each workload's ratio is taken against; references themselves against their own median. */
    static String reference(String name) {
        for (Map.Entry<String, List<String>> f : FAMILIES.entrySet()) {
            if (f.getValue().contains(name)) {
                return f.getKey();
            }
        }
        return switch (name) {
            case "timer-drain" -> BASELINE_ASYNC_NAME;
            case "waiting-scale" -> "engine-baseline-signed";
            default -> name;
        };
    }

    /** A cycle counts its steps (ratio per step); every other operation is one. */
    static int steps(String name) {
        return name.equals("offline-cycle") ? 3 : name.equals("update-cycle") ? 4 : 1;
    }

    /**
     * One pass of reference, workload, reference, workload …, reference: each workload's ratio is to the mean of the
     * reference right before and right after it, so a drift of the machine or the database during the chain cancels out.
     *
     * @param recordReference whether the reference's measurements count in its own figures too
     */
    private void chain(String reference, List<String> workloads, int clients, boolean recordReference) throws Exception {
        List<String> measured = workloads.stream().filter(options::runs).toList();
        if (measured.isEmpty()) {
            return;
        }
        double before = sample(reference, clients, recordReference).perSecond();
        for (String name : measured) {
            double rate = sample(name, clients, true).perSecond();
            double after = sample(reference, clients, recordReference).perSecond();
            if (counting) {
                report.series(name, clients, reference(name), steps(name)).ratio(rate, (before + after) / 2);
            }
            before = after;
        }
    }

    /** One measurement, recorded with the rows and bytes the database grew by around it. */
    private Measure.Result sample(String name, int clients, boolean record) throws Exception {
        flows.callIn();
        prepare(name, clients, options.timerDrain(), options.warmUp().plus(options.window()));
        double vacuumed = db.vacuum(flows.jdbc);
        Rows.Snapshot before = rows.snapshot();
        // PostgreSQL: the scan counters around the measurement (its last second's reach the server in the gap after it).
        Map<String, SequentialScans.Counts> scansBefore = db.postgres() ? SequentialScans.read(countJdbc) : null;
        Measure.Result r = measure(name, clients, options.warmUp(), options.window());
        if (scansBefore != null) {
            scanFindings.add(name, scansBefore, SequentialScans.read(countJdbc));
        }
        Rows.Snapshot after = rows.snapshot();
        cleanUp(name);
        fastest.merge(name + " " + clients, r.perSecond(), Math::max);
        if (record && counting) {
            Report.Series series = report.series(name, clients, reference(name), steps(name));
            series.add(r, before, after);
            if (name.equals("webhook-delivery") || name.equals("assign-online-with-endpoint")) {
                webhooks.extra.forEach(series::addUp);
            }
        }
        out.printf("    %-24s %d client(s): %9.1f/s ok %d failed %d%s%s%n", name, clients, r.perSecond(), r.ok(), r.failed(),
                db.postgres() ? String.format(" (vacuum before: %.1f s)", vacuumed) : "", r.errors().isEmpty() ? "" : " " + r.errors().get(0));
        return r;
    }

    /**
     * Every workload once, unmeasured, before the first round: otherwise the first workloads (the baseline) would be
     * measured with colder compiled code than the later ones, and the ratios would flatter Grantflow.
     */
    private void jitWarmUp() throws Exception {
        int clients = options.mostClients();
        out.printf("  JIT warm-up: every workload for %d ms with %d client(s)%n", options.jitWarmUp().toMillis(), clients);
        for (String name : WORKLOADS) {
            if (!runsAtAll(name) || name.equals("waiting-scale")) {
                continue; // waiting-scale is assign-online, warmed up here already
            }
            flows.callIn();
            prepare(name, clients, Math.max(1, options.timerDrain() / 4), options.jitWarmUp());
            measure(name, clients, Duration.ZERO, options.jitWarmUp());
            cleanUp(name);
        }
        flows.steps.clear();
        report.setup("jitWarmUp", Map.of("clients", clients, "millisPerWorkload", options.jitWarmUp().toMillis()));
    }

    /** Whether a workload is measured in this run: named by --only (or all), or the reference of one that is. */
    private boolean runsAtAll(String name) {
        if (options.runs(name)) {
            return true;
        }
        return FAMILIES.getOrDefault(name, List.of()).stream().anyMatch(options::runs)
                || name.equals(BASELINE_ASYNC_NAME) && options.runs("timer-drain")
                || name.equals("engine-baseline-signed") && options.runs("waiting-scale");
    }

    /**
     * Before a measurement, unmeasured: the due auto-revokes and the waiting async jobs ({@code due} of them), the
     * credit files to hand out during {@code length}.
     */
    private void prepare(String name, int clients, int due, Duration length) throws Exception {
        switch (name) {
            case "timer-drain" -> {
                configuration().getJobExecutor().shutdown();
                Instant at = flows.clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
                // Each round's auto-revokes are told apart by their moment.
                drainDue = lastDue != null && !at.isAfter(lastDue) ? lastDue.plusSeconds(1) : at;
                lastDue = drainDue;
                drainCount = due;
                fill(due, 25, drainDue);
            }
            case BASELINE_ASYNC_NAME -> {
                configuration().getJobExecutor().shutdown();
                drainCount = due;
                startAsync(due);
            }
            case "call-in-busy" -> {
                // Enough files for the window at twice the fastest rate measured so far: a client that finds none
                // fails, and on a busy machine one round's rate may double the last's. A quiet call-in does part of a busy one's work, so its rate bounds the busy one's
                // from above: a busy rate from a round the JIT had not warmed (656/s before 1,048/s in a quick run)
                // would leave the next round short.
                double rate = Stream.of(fastest.get(name + " " + clients), fastest.get("call-in-quiet " + clients))
                        .filter(r -> r != null && r > 0).max(Double::compare).orElse(400.0);
                flows.prepareBusy((int) Math.ceil(rate * length.toMillis() / 1000.0 * 2) + 50);
            }
            case "webhook-delivery" -> {
                webhooks.createDeliveryEndpoints();
                // Enough for the window at the fastest rate so far (500/s at least), half as many again: run dry, the
                // rate would be the count prepared (the report says in how many rounds that happened).
                double rate = Math.max(fastest.getOrDefault(name + " " + clients, 0.0), 500);
                long missing = (long) Math.ceil(rate * length.toMillis() / 1000.0 * 1.5) - webhooks.waiting();
                if (missing > 0) {
                    parallel(webhooks.eventsFor(missing), 50, (thread, take) -> webhooks.publish(take));
                }
            }
            case "assign-online-with-endpoint" -> webhooks.createEndpointForEverything();
            default -> {
            }
        }
    }

    private void cleanUp(String name) {
        if (name.equals("call-in-busy")) {
            flows.deliverLeftOverBusy();
        }
        if (name.equals("assign-online-with-endpoint")) {
            webhooks.deleteEndpointForEverything();
        }
    }

    /** The fastest rate measured so far per workload and client count, warm-up rounds included. */
    private final Map<String, Double> fastest = new HashMap<>();

    private Instant drainDue;
    private Instant lastDue;
    private int drainCount;

    /** A window of client threads, or for the job executor's workloads the time it takes to run what is due. */
    private Measure.Result measure(String name, int clients, Duration warmUp, Duration window) throws Exception {
        return switch (name) {
            // Polled every 20 ms while the job executor drains: read by the (state, updated_at) index, it reads this
            // drain's returns alone (stamped with the frozen clock), not every assignment the run made before.
            case "timer-drain" -> drain(clients, () -> {
                ClockUtil.setCurrentTime(Date.from(drainDue.plusSeconds(60)));
                return null;
            }, () -> countJdbc.queryForObject(StatementStatistics.own("SELECT COUNT(*) FROM gf_credit_assignment"
                    + " WHERE state = 'REVOKED' AND updated_at = ? AND auto_revoke_at = ?"), Long.class,
                    drainDue.plusSeconds(60).atOffset(ZoneOffset.UTC), drainDue.atOffset(ZoneOffset.UTC)));
            case BASELINE_ASYNC_NAME -> drain(clients, () -> null,
                    () -> drainCount - engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(BASELINE_ASYNC).count());
            case "webhook-delivery" -> webhooks.deliver(clients, warmUp, window);
            case "assign-online-with-endpoint" -> webhooks.withWorker(clients, warmUp, window, op(name, clients));
            default -> Measure.run(clients, warmUp, window, flows.user, op(name, clients));
        };
    }

    /**
     * Starts the (stopped) job executor and waits until the {@code drainCount} jobs prepared are done: their rate is
     * done / seconds from the start to the last; {@code clients} is the job executor's (compared at the most clients).
     */
    private Measure.Result drain(int clients, java.util.concurrent.Callable<Void> before, java.util.concurrent.Callable<Long> done)
            throws Exception {
        int n = drainCount;
        before.call();
        long start = System.nanoTime();
        configuration().getJobExecutor().start();
        long[] back = {0};
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(options.quick() ? 2 : 10).toNanos();
            // reported as fewer done than due when the time is up
            while ((back[0] = done.call()) < n && System.nanoTime() < deadline) {
                Flows.sleep(Duration.ofMillis(20));
            }
        } finally {
            ClockUtil.reset();
        }
        double drained = seconds(start);
        return new Measure.Result(clients, back[0], n - back[0], drained, back[0] / drained, 0, 0, 0, List.of(), n);
    }

    /** engine-baseline-async's waiting jobs: process starts committed with the job executor stopped, 25 per transaction. */
    private void startAsync(int count) throws Exception {
        parallel(count, 25, (thread, take) -> flows.tx.executeWithoutResult(s -> {
            for (int i = 0; i < take; i++) {
                engine.getRuntimeService().startProcessInstanceByKey(BASELINE_ASYNC);
            }
        }));
    }

    /** One workload's operation per client thread. */
    private IntFunction<Measure.Op> op(String name, int clients) {
        return switch (name) {
            case "engine-baseline" -> c -> seq -> engine.getRuntimeService().startProcessInstanceByKey(BASELINE);
            case "engine-baseline-signed" -> c -> seq -> engine.getRuntimeService().startProcessInstanceByKey(BASELINE_SIGNED);
            case "assign-online", "assign-online-with-endpoint", "waiting-scale" -> c -> seq -> flows.assignOnline(flows.randomAccount());
            case "assign-contended" -> c -> seq -> flows.assignOnline(flows.contended);
            case "assign-http" -> c -> seq -> flows.assignOverHttp(flows.randomAccount());
            case "offline-cycle" -> c -> seq -> flows.offlineCycle(flows.randomAccount());
            case "update-cycle" -> {
                List<Flows.Installation> each = installations(clients);
                yield c -> seq -> each.get(c).updateCycle();
            }
            case "verify-insert" -> c -> seq -> flows.verifyInsert(flows.quietSystem());
            case "call-in-quiet" -> c -> seq -> flows.callIn(flows.quietSystem(), 0);
            case "call-in-busy" -> c -> seq -> flows.callIn(flows.busySystem(), 1);
            case "call-in-http" -> c -> seq -> flows.callInOverHttp(flows.quietSystem(), false);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** One installation per client, made once: each round's update-cycle goes on updating the same activations. */
    private List<Flows.Installation> installations(int clients) {
        while (installations.size() < clients) {
            installations.add(flows.new Installation());
        }
        return installations.subList(0, clients);
    }

    private final List<Flows.Installation> installations = new ArrayList<>();
    private Rows rows;
    private WebhookLoads webhooks;
    /** The bench's own counts: see {@link BenchDatabase#countingJdbc}. */
    private JdbcTemplate countJdbc;

    /** H2: the statements that scanned a Grantflow table, over the whole run (the statistics restart before waiting-scale). */
    private final Set<StatementStatistics.Scan> scans = new LinkedHashSet<>();

    /**
     * waiting-scale: assign-online again with many flows waiting in the database, in rounds against
     * engine-baseline-signed next to it, as a ratio to assign-online's on the empty database.
     */
    private void waitingScale(BenchDatabase db, DataSource dataSource) throws Exception {
        int n = options.waitingFlows();
        long t0 = System.nanoTime();
        fill(n, 25, null);
        double created = seconds(t0);
        long waiting = engine.getRuntimeService().createProcessInstanceQuery().active().count();
        report.waiting(n, created, waiting);
        out.printf("  waiting-scale: %d offline assignments created in %.1f s (%.0f/s); %d flows waiting%n", n, created, n / created,
                waiting);
        if (!db.postgres()) {
            scans.addAll(StatementStatistics.find(dataSource));
            engineScans(dataSource);
            StatementStatistics.restart(dataSource);
        }
        listPages();
        rounds("waiting-scale ", () -> {
            for (int clients : options.clients()) {
                // The reference on the full database is not engine-baseline-signed's own figure: not recorded as such.
                chain("engine-baseline-signed", List.of("waiting-scale"), clients, false);
            }
        });
        report.toEmpty("waiting-scale", "assign-online");
        if (!db.postgres()) {
            // Where the database time of the rounds beside the waiting flows went (the reference's starts included).
            report.setup("slowestStatementsDuringWaitingScale", StatementStatistics.slowest(dataSource, 12));
        }
    }

    /**
     * The collections' first pages over HTTP, on the database waiting-scale filled: their statements are in the table-scan
     * check (H2: the statement statistics; PostgreSQL: the scan counters around them, reported as "list-pages").
     */
    private void listPages() throws Exception {
        String activation = countJdbc.queryForList(StatementStatistics.own("SELECT id FROM gf_remote_activation ORDER BY id"
                + " FETCH FIRST 1 ROWS ONLY"), String.class).stream().findFirst().orElse(null);
        Map<String, SequentialScans.Counts> before = db.postgres() ? SequentialScans.read(countJdbc) : null;
        long t0 = System.nanoTime();
        int requests = flows.listPages(activation, 3);
        double took = seconds(t0);
        if (before != null) {
            Thread.sleep(SequentialScans.FLUSH_MILLIS); // the server's counters of the requests' connections
            scanFindings.add("list-pages", before, SequentialScans.read(countJdbc));
        }
        report.setup("listPages", Map.of("requests", requests, "seconds", took, "waitingAssignments", options.waitingFlows()));
        out.printf("  list-pages: %d requests in %.1f s beside %,d waiting assignments%n", requests, took, options.waitingFlows());
    }

    /** Offline assignments that wait for their download, {@code batch} per transaction, in 4 threads. */
    private void fill(int count, int batch, Instant autoRevokeAt) throws Exception {
        parallel(count, batch, (thread, take) -> {
            // Each thread fills its own accounts: a batch holds its subscription's lock until it commits.
            List<Flows.Account> own = new ArrayList<>();
            for (int i = thread; i < flows.accounts.size(); i += 4) {
                own.add(flows.accounts.get(i));
            }
            flows.assignBatch(own.get(ThreadLocalRandom.current().nextInt(own.size())), take, autoRevokeAt);
        });
    }

    interface Batch {
        void run(int thread, int take);
    }

    /** {@code count} items in batches of {@code batch}, in 4 threads signed in as the operator. */
    private void parallel(int count, int batch, Batch work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger left = new AtomicInteger(count);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                SecurityContextHolder.getContext().setAuthentication(flows.user);
                try {
                    while (true) {
                        int take = Math.min(batch, left.getAndAdd(-batch));
                        if (take <= 0) {
                            return null;
                        }
                        work.run(thread, take);
                    }
                } finally {
                    SecurityContextHolder.clearContext();
                }
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void finish() {
        long t0 = System.nanoTime();
        LedgerVerifier.Report ledger = context.getBean(LedgerVerifier.class).verifyAll();
        report.ledger(ledger, seconds(t0));
        report.overspend(Overspend.compute(flows.jdbc));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("assignments", flows.jdbc.queryForObject(StatementStatistics.own("SELECT COUNT(*) FROM gf_credit_assignment"), Long.class));
        counts.put("ledgerRows", ledger.rows());
        counts.put("runningProcessInstances", engine.getRuntimeService().createProcessInstanceQuery().count());
        counts.put("incidents", engine.getRuntimeService().createIncidentQuery().count());
        report.setup("database", counts);
        Map<String, Object> maintenance = db.maintenance(flows.jdbc);
        if (maintenance != null) {
            report.setup("postgresMaintenance", maintenance);
        }
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
