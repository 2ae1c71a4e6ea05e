package io.grantflow.bench;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import io.grantflow.GrantflowApplication;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.tokens.TokenIssuer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The benchmark (test scope, see {@link #main}): Grantflow's flows against the bare engine, in one run, on one fresh
 * database; a JSON report and a table. Every target is a ratio within the run (see the README, "Performance").
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

    private BenchCli(BenchOptions options, Class<?> application, PrintStream out) {
        this.options = options;
        this.application = application;
        this.out = out;
        this.report = new Report(options);
    }

    /**
     * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.grantflow.bench.BenchCli
     * -Dexec.args="--quick"} (README, "Performance"): the bench lives in test scope, outside the product's jar.
     */
    public static void main(String[] args) {
        System.exit(run(args, GrantflowApplication.class, System.out, System.err));
    }

    /** @param application Grantflow's application class, whose Spring context the bench starts */
    static int run(String[] args, Class<?> application, PrintStream out, PrintStream err) {
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
            out.println("bench: " + db.describe() + ", clients " + options.clients() + ", warm-up " + options.warmUp().toMillis()
                    + " ms + " + options.window().toMillis() + " ms per workload and client count");
            long t0 = System.nanoTime();
            context = start(db);
            report.setup("contextStartSeconds", seconds(t0));
            try {
                SecurityContextHolder.getContext().setAuthentication(flows.user);
                workloads();
                finish();
            } finally {
                ClockUtil.reset();
                SecurityContextHolder.clearContext();
                context.close();
            }
        }
        report.machine("loadAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.write(options.out());
        out.println(report.table());
        out.println("report: " + options.out().toAbsolutePath());
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
        // A setting tried for a before/after comparison (e.g. the job executor's), recorded in the report.
        for (String property : options.properties()) {
            properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
        }
        report.setup("properties", options.properties());
        // As command-line arguments: they override application.yaml (default properties would not).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application).run(args);
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

    private void workloads() throws Exception {
        long t0 = System.nanoTime();
        engine.getRepositoryService().createDeployment().name("bench")
                .addModelInstance(BASELINE + ".bpmn", Bpmn.createExecutableProcess(BASELINE).camundaHistoryTimeToLive(180)
                        .startEvent().endEvent().done())
                .addModelInstance(BASELINE_SIGNED + ".bpmn", Bpmn.createExecutableProcess(BASELINE_SIGNED).camundaHistoryTimeToLive(180)
                        .startEvent().serviceTask("Task_Sign").camundaDelegateExpression("${" + SignDelegate.BEAN + "}").endEvent().done())
                .deploy();
        flows.createUser();
        flows.createAccounts(options.quick() ? 4 : 16, 4, 4);
        flows.callIn();
        report.setup("fixturesSeconds", seconds(t0));

        if (!options.quick()) {
            jitWarmUp();
        }
        for (String name : MEASURED) {
            for (int clients : options.runs(name) ? options.clients() : List.<Integer>of()) {
                flows.callIn();
                measure(name, clients, name.equals("offline-cycle") ? 3 : name.equals("update-cycle") ? 4 : 1, op(name, clients));
            }
        }
        report.steps("offline-cycle", flows.stepMeans("offline-cycle"));
        report.steps("update-cycle", flows.stepMeans("update-cycle"));
        if (options.runs("timer-drain")) {
            timerDrain();
        }
        if (options.runs("waiting-scale")) {
            waitingScale();
        }
    }

    /** The workloads measured with 1 and N clients, in this order; timer-drain and waiting-scale follow. */
    static final List<String> MEASURED = List.of("engine-baseline", "engine-baseline-signed", "assign-online", "assign-contended",
            "assign-http", "offline-cycle", "update-cycle");

    /** One workload's operation per client thread. */
    private IntFunction<Measure.Op> op(String name, int clients) {
        return switch (name) {
            case "engine-baseline" -> c -> seq -> engine.getRuntimeService().startProcessInstanceByKey(BASELINE);
            case "engine-baseline-signed" -> c -> seq -> engine.getRuntimeService().startProcessInstanceByKey(BASELINE_SIGNED);
            case "assign-online" -> c -> seq -> flows.assignOnline(flows.randomAccount());
            case "assign-contended" -> c -> seq -> flows.assignOnline(flows.contended);
            case "assign-http" -> c -> seq -> flows.assignOverHttp(flows.randomAccount());
            case "offline-cycle" -> c -> seq -> flows.offlineCycle(flows.randomAccount());
            case "update-cycle" -> {
                List<Flows.Installation> installations = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    installations.add(flows.new Installation());
                }
                yield c -> seq -> installations.get(c).updateCycle();
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * Every workload once, unmeasured, before the first measurement: otherwise the first workloads (the baseline)
     * would be measured with colder compiled code than the later ones, and the ratios would flatter Grantflow.
     */
    private void jitWarmUp() throws InterruptedException {
        int clients = options.mostClients();
        out.printf("  JIT warm-up: every workload for %d ms with %d client(s)%n", options.warmUp().toMillis(), clients);
        for (String name : MEASURED) {
            if (options.runs(name)) {
                flows.callIn();
                Measure.run(clients, Duration.ZERO, options.warmUp(), flows.user, op(name, clients));
            }
        }
        flows.steps.clear();
        report.setup("jitWarmUp", Map.of("clients", clients, "millisPerWorkload", options.warmUp().toMillis()));
    }

    /** Callers measure only the workloads {@code options.runs}. */
    private void measure(String name, int clients, int steps, IntFunction<Measure.Op> op) throws InterruptedException {
        Double baseline = name.equals("engine-baseline") || options.quick() ? null : baselineNow(clients);
        out.printf("  %-24s %d client(s) ...%n", name, clients);
        Measure.Result r = Measure.run(clients, options.warmUp(), options.window(), flows.user, op);
        report.add(name, steps, r, baseline);
        out.printf("  %-24s %d client(s): %.1f/s ok %d failed %d%s%s%n", name, clients, r.perSecond(), r.ok(), r.failed(),
                baseline == null ? "" : String.format(" (engine-baseline just before: %.1f/s)", baseline),
                r.errors().isEmpty() ? "" : " " + r.errors().get(0));
    }

    /**
     * engine-baseline measured right before a workload, for that workload's ratio: the speed of a shared machine drifts
     * by tens of percent within a run (other tenants, the database's background work), and a baseline taken minutes
     * earlier would measure the drift, not Grantflow.
     */
    private double baselineNow(int clients) throws InterruptedException {
        return Measure.run(clients, Duration.ofSeconds(1), options.window().dividedBy(2), flows.user, op("engine-baseline", clients))
                .perSecond();
    }

    /**
     * timer-drain: N temporary assignments to offline systems, all due at the same moment, created with the job executor
     * stopped; then the engine clock moves past that moment and the job executor returns them.
     */
    private void timerDrain() throws Exception {
        int n = options.timerDrain();
        Double baseline = options.quick() ? null : baselineNow(options.mostClients());
        JobExecutor jobs = configuration().getJobExecutor();
        jobs.shutdown();
        Instant due = flows.clock.instant().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        fill(n, 25, due);
        double created = seconds(t0);
        out.printf("  timer-drain: %d auto-revokes due at %s created in %.1f s%n", n, due, created);
        ClockUtil.setCurrentTime(Date.from(due.plusSeconds(60)));
        long start = System.nanoTime();
        jobs.start();
        long[] back = {0};
        try {
            Awaitility.await("timer-drain").atMost(Duration.ofMinutes(options.quick() ? 2 : 10)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> (back[0] = flows.jdbc.queryForObject(
                            "SELECT COUNT(*) FROM gf_credit_assignment WHERE auto_revoke_at = ? AND state = 'REVOKED'",
                            Long.class, due.atOffset(java.time.ZoneOffset.UTC))) >= n);
        } catch (ConditionTimeoutException e) {
            // reported as fewer returned than due
        }
        double drained = seconds(start);
        ClockUtil.reset();
        report.timerDrain(n, created, drained, back[0], baseline);
        out.printf("  timer-drain: %d of %d returned in %.1f s (%.1f/s)%n", back[0], n, drained, back[0] / drained);
    }

    /** waiting-scale: assign-online again with many flows waiting in the database, as a ratio to the first run. */
    private void waitingScale() throws Exception {
        int n = options.waitingFlows();
        long t0 = System.nanoTime();
        fill(n, 25, null);
        double created = seconds(t0);
        long waiting = engine.getRuntimeService().createProcessInstanceQuery().active().count();
        report.waiting(n, created, waiting);
        out.printf("  waiting-scale: %d offline assignments created in %.1f s (%.0f/s); %d flows waiting%n", n, created, n / created,
                waiting);
        flows.callIn();
        for (int clients : options.clients()) {
            measure("waiting-scale", clients, 1, c -> seq -> flows.assignOnline(flows.randomAccount()));
        }
    }

    /** Offline assignments that wait for their download, {@code batch} per transaction, in 4 threads. */
    private void fill(int count, int batch, Instant autoRevokeAt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger left = new AtomicInteger(count);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                SecurityContextHolder.getContext().setAuthentication(flows.user);
                // Each thread fills its own accounts: a batch holds its subscription's lock until it commits.
                for (int round = 0; ; round++) {
                    int take = Math.min(batch, left.getAndAdd(-batch));
                    if (take <= 0) {
                        return null;
                    }
                    List<Flows.Account> own = new ArrayList<>();
                    for (int i = thread; i < flows.accounts.size(); i += 4) {
                        own.add(flows.accounts.get(i));
                    }
                    flows.assignBatch(own.get(round % own.size()), take, autoRevokeAt);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private void finish() {
        long t0 = System.nanoTime();
        LedgerVerifier.Report ledger = context.getBean(LedgerVerifier.class).verifyAll();
        report.ledger(ledger, seconds(t0));
        report.overspend(Overspend.compute(flows.jdbc));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("assignments", flows.jdbc.queryForObject("SELECT COUNT(*) FROM gf_credit_assignment", Long.class));
        counts.put("ledgerRows", ledger.rows());
        counts.put("runningProcessInstances", engine.getRuntimeService().createProcessInstanceQuery().count());
        counts.put("incidents", engine.getRuntimeService().createIncidentQuery().count());
        report.setup("database", counts);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
