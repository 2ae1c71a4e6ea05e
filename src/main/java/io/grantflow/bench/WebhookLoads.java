package io.grantflow.bench;

import io.grantflow.events.InProcessWebhooks;
import io.grantflow.shared.IntegrationEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook workloads, against a {@link Receiver} in the bench's process.
 * <ul>
 * <li>webhook-delivery: endpoints of the vendor's administrator, each taking every event of the bench's own type.
 * Before a measurement the bench publishes enough of those events (each writes one delivery per endpoint, as a flow's
 * step does); client threads then run the worker's pass, as its schedule runs it on every node, and the rate is what
 * the receiver got, verified, within the window. The rest is sent afterwards, unmeasured.</li>
 * <li>assign-online-with-endpoint: assign-online while one endpoint takes every event, and one thread runs the
 * worker's pass beside the clients, as the node's worker would.</li>
 * </ul>
 */
final class WebhookLoads implements AutoCloseable {

    /** The bench's own event type: the delivery endpoints take it alone, the other workloads never publish it. */
    static final String EVENT_TYPE = "bench.delivery";
    /** The worker's pause when nothing was due, in the thread beside assign-online (its schedule waits a second). */
    private static final Duration IDLE = Duration.ofMillis(10);

    private final Flows flows;
    private final InProcessWebhooks webhooks;
    private final Receiver receiver;
    private final JdbcTemplate countJdbc;
    private final int endpoints;
    private final List<String> deliveryPaths = new ArrayList<>();
    /** Deliveries to the delivery endpoints written and not yet received. */
    private long waiting;
    private String withEndpoint;
    private String withEndpointPath;
    private int withEndpoints;
    /** What the last measurement adds to its workload's figures in the report. */
    final Map<String, Long> extra = new LinkedHashMap<>();

    WebhookLoads(Flows flows, JdbcTemplate countJdbc, int endpoints) throws IOException {
        this.flows = flows;
        this.webhooks = new InProcessWebhooks(flows.context);
        this.receiver = new Receiver();
        this.countJdbc = countJdbc;
        this.endpoints = endpoints;
    }

    int endpoints() {
        return endpoints;
    }

    // --- webhook-delivery ------------------------------------------------------------------------------------

    /** The delivery endpoints, made once: they live through the run, as an integrator's do, with their history. */
    void createDeliveryEndpoints() {
        if (!deliveryPaths.isEmpty()) {
            return;
        }
        for (int i = 0; i < endpoints; i++) {
            String path = "/delivery/" + i;
            InProcessWebhooks.Endpoint made = webhooks.create(receiver.url(path), List.of(EVENT_TYPE), Flows.USER);
            receiver.expect(path, made.secret());
            deliveryPaths.add(path);
        }
    }

    /** Deliveries to the delivery endpoints written and not yet received. */
    synchronized long waiting() {
        return waiting;
    }

    /** Events to publish for {@code deliveries} more deliveries: each goes to every delivery endpoint. */
    int eventsFor(long deliveries) {
        return (int) Math.max(1, Math.ceil((double) deliveries / endpoints));
    }

    /** {@code count} events of the bench's type in one transaction, recorded with their deliveries as a step's are. */
    void publish(int count) {
        String account = flows.accounts.get(0).id();
        flows.tx.executeWithoutResult(s -> {
            for (int i = 0; i < count; i++) {
                flows.context.publishEvent(new IntegrationEvent(EVENT_TYPE, account, Map.of("n", i)));
            }
        });
        synchronized (this) {
            waiting += (long) count * endpoints;
        }
    }

    /**
     * {@code clients} threads run the worker's pass over and over; deliveries are what the receiver got, verified,
     * between the end of {@code warmUp} and the end of {@code window}. Then the rest is sent, so that nothing waits for
     * the next workloads. Failed: the attempts the receiver did not get, and the deliveries whose signature did not
     * verify.
     */
    Measure.Result deliver(int clients, Duration warmUp, Duration window) throws InterruptedException {
        long before = verified(deliveryPaths);
        long badBefore = bad(deliveryPaths);
        long waitingBefore = waiting();
        AtomicLong attempts = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(worker("bench-client-" + c, stop, attempts, errors, Duration.ofMillis(1)));
        }
        Thread.sleep(warmUp.toMillis());
        long t0 = System.nanoTime();
        long start = verified(deliveryPaths);
        Thread.sleep(window.toMillis());
        long end = verified(deliveryPaths);
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        for (int n; (n = webhooks.deliverDue()) > 0; ) {
            attempts.addAndGet(n);
        }
        long received = verified(deliveryPaths) - before;
        long bad = bad(deliveryPaths) - badBefore;
        synchronized (this) {
            waiting = Math.max(0, waiting - received - bad);
        }
        long failed = Math.max(0, attempts.get() - received - bad) + bad + errors.size();
        extra.clear();
        extra.put("deliveriesPrepared", waitingBefore);
        extra.put("badSignatures", bad);
        // Every delivery prepared had arrived before the window closed: the rate is what the bench prepared, not more.
        extra.put("roundsRanDry", end - before >= waitingBefore ? 1L : 0L);
        return new Measure.Result(clients, end - start, failed, seconds, (end - start) / seconds, 0, 0, 0,
                errors.stream().distinct().limit(5).toList(), attempts.get());
    }

    // --- assign-online-with-endpoint ------------------------------------------------------------------------------

    /** An endpoint for every account's events, of every type, made before the measurement and deleted after it. */
    void createEndpointForEverything() {
        withEndpointPath = "/everything/" + withEndpoints++;
        InProcessWebhooks.Endpoint made = webhooks.create(receiver.url(withEndpointPath), List.of(), Flows.USER);
        receiver.expect(withEndpointPath, made.secret());
        withEndpoint = made.id();
    }

    /** {@code op} in client threads as {@link Measure#run} runs it, with one worker thread sending beside them. */
    Measure.Result withWorker(int clients, Duration warmUp, Duration window, IntFunction<Measure.Op> op) throws InterruptedException {
        Receiver.Counts counts = receiver.counts(withEndpointPath);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong attempts = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Thread worker = worker("bench-webhook-worker", stop, attempts, errors, IDLE);
        Measure.Result r;
        try {
            r = Measure.run(clients, warmUp, window, flows.user, op);
        } finally {
            stop.set(true);
            worker.join();
        }
        extra.clear();
        extra.put("deliveredDuringMeasurement", counts.verified.get());
        extra.put("deliveriesLeftAfterMeasurement", countJdbc.queryForObject(StatementStatistics.own("SELECT COUNT(*) FROM"
                + " gf_webhook_delivery WHERE endpoint_id = ? AND status IN ('PENDING', 'SENDING')"), Long.class, withEndpoint));
        extra.put("badSignatures", counts.badSignatures.get());
        extra.put("workerErrors", (long) errors.size());
        if (!errors.isEmpty()) {
            List<String> all = new ArrayList<>(r.errors());
            all.addAll(errors.stream().distinct().limit(5).toList());
            r = new Measure.Result(r.clients(), r.ok(), r.failed(), r.seconds(), r.perSecond(), r.p50Ms(), r.p95Ms(), r.p99Ms(),
                    all, r.attempted());
        }
        return r;
    }

    /** After the measurement: the endpoint and what it still had to send go. */
    void deleteEndpointForEverything() {
        if (withEndpoint != null) {
            webhooks.delete(withEndpoint);
            withEndpoint = null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A thread running the worker's pass until {@code stop}, pausing {@code idle} when nothing was sent. */
    private Thread worker(String name, AtomicBoolean stop, AtomicLong attempts, List<String> errors, Duration idle) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    int sent = webhooks.deliverDue();
                    attempts.addAndGet(sent);
                    if (sent == 0) {
                        Flows.sleep(idle);
                    }
                } catch (RuntimeException e) {
                    errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    Flows.sleep(idle);
                }
            }
        }, name);
        t.start();
        return t;
    }

    private long verified(List<String> paths) {
        return paths.stream().mapToLong(p -> receiver.counts(p).verified.get()).sum();
    }

    private long bad(List<String> paths) {
        return paths.stream().mapToLong(p -> receiver.counts(p).badSignatures.get()).sum();
    }

    @Override
    public void close() {
        receiver.close();
    }
}
