package io.grantflow.ops;

import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.PoolBalance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the database: seats per license, credits per subscription, flows waiting per process, open
 * incidents and the job executor's backlog. A scrape never queries: a scheduled refresh (every
 * {@code grantflow.metrics.refresh-interval}) runs a few bounded queries and the gauges show what it read. The flows
 * waiting are a count of every running instance, which grows with the systems served: it has its own, longer interval ({@code grantflow.metrics.flows-waiting-interval}).
 */
@Component
class GrantflowMetrics {

    private static final Logger log = LoggerFactory.getLogger(GrantflowMetrics.class);
    static final String SEATS = "SEATS";
    static final String CREDITS = "CREDITS";

    private final LedgerService ledger;
    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final JdbcTemplate jdbc;
    private final MetricsProperties properties;

    private final MultiGauge seatsAllocated;
    private final MultiGauge seatsInFlight;
    private final MultiGauge seatsAvailable;
    private final MultiGauge creditsAssigned;
    private final MultiGauge creditsInFlight;
    private final MultiGauge creditsAvailable;
    private final MultiGauge flowsWaiting;
    private final AtomicLong incidentsOpen = new AtomicLong();
    private final AtomicLong jobsDue = new AtomicLong();
    private final AtomicLong jobsFailed = new AtomicLong();

    GrantflowMetrics(MeterRegistry meters, LedgerService ledger, RuntimeService runtime,
            RepositoryService repository, JdbcTemplate jdbc, MetricsProperties properties) {
        this.ledger = ledger;
        this.runtime = runtime;
        this.repository = repository;
        this.jdbc = jdbc;
        this.properties = properties;
        seatsAllocated = MultiGauge.builder("grantflow.license.seats.allocated").description("Seats held by remote activations").register(meters);
        seatsInFlight = MultiGauge.builder("grantflow.license.seats.in_flight")
                .description("Seats freed by a reduction, awaiting the installation's receipt").register(meters);
        seatsAvailable = MultiGauge.builder("grantflow.license.seats.available").description("Seats free to allocate").register(meters);
        creditsAssigned = MultiGauge.builder("grantflow.subscription.credits.assigned").description("Credits held by assignments")
                .register(meters);
        creditsInFlight = MultiGauge.builder("grantflow.subscription.credits.in_flight")
                .description("Credits of revokes awaiting their revoke key").register(meters);
        creditsAvailable = MultiGauge.builder("grantflow.subscription.credits.available").description("Credits free to assign")
                .register(meters);
        flowsWaiting = MultiGauge.builder("grantflow.flows.waiting").description("Running process instances (waiting in a wait state)")
                .register(meters);
        Gauge.builder("grantflow.incidents.open", incidentsOpen, AtomicLong::get).description("Open incidents (Cockpit)").register(meters);
        Gauge.builder("grantflow.jobs.due", jobsDue, AtomicLong::get)
                .description("Jobs due with retries left, not suspended: the job executor's backlog").register(meters);
        Gauge.builder("grantflow.jobs.failed", jobsFailed, AtomicLong::get)
                .description("Jobs without retries left (each has a failed-job incident)").register(meters);
    }

    /**
     * Jobs due now, with retries left and not suspended: what the job executor's acquisition would take (its query
     * also skips jobs locked by a node). Every job has a due date ({@code JobAcquisitionByDueDate}) and the due-date
     * index serves this range, so the count reads the due jobs only; the engine's {@code executable()} count (jobs
     * without a due date too, each joined to its instance) has no index to use and reads every waiting timer.
     */
    static final String JOBS_DUE = "SELECT COUNT(*) FROM ACT_RU_JOB WHERE DUEDATE_ <= ? AND RETRIES_ > 0 AND SUSPENSION_STATE_ = 1";

    @Scheduled(initialDelayString = "${grantflow.metrics.refresh-interval:PT30S}",
            fixedDelayString = "${grantflow.metrics.refresh-interval:PT30S}")
    void scheduledRefresh() {
        try {
            refreshPoolsAndJobs();
        } catch (RuntimeException e) {
            log.warn("Metrics refresh failed; the gauges keep their last values: {}", e.toString());
        }
    }

    @Scheduled(initialDelayString = "${grantflow.metrics.refresh-interval:PT30S}",
            fixedDelayString = "${grantflow.metrics.flows-waiting-interval:PT5M}")
    void scheduledFlowsWaiting() {
        try {
            refreshFlowsWaiting();
        } catch (RuntimeException e) {
            log.warn("Flows waiting refresh failed; the gauge keeps its last values: {}", e.toString());
        }
    }

    /** Reads everything the gauges show (what both scheduled refreshes do). */
    void refresh() {
        refreshPoolsAndJobs();
        refreshFlowsWaiting();
    }

    /** The pools' balances, incidents and jobs: bounded by the pools shown, the incidents open and the jobs due. */
    private void refreshPoolsAndJobs() {
        List<PoolBalance> licenses = ledger.balances(SEATS, properties.maxPools());
        pools(seatsAllocated, "license", licenses, PoolBalance::held);
        pools(seatsInFlight, "license", licenses, PoolBalance::pending);
        pools(seatsAvailable, "license", licenses, PoolBalance::available);
        List<PoolBalance> subscriptions = ledger.balances(CREDITS, properties.maxPools());
        pools(creditsAssigned, "subscription", subscriptions, PoolBalance::held);
        pools(creditsInFlight, "subscription", subscriptions, PoolBalance::pending);
        pools(creditsAvailable, "subscription", subscriptions, PoolBalance::available);

        incidentsOpen.set(runtime.createIncidentQuery().count());
        jobsDue.set(jdbc.queryForObject(JOBS_DUE, Long.class, new Timestamp(ClockUtil.getCurrentTime().getTime())));
        // A job without retries left has exactly one failed-job incident, and the incidents are few (each is an alarm);
        // the engine's noRetriesLeft() count has no index on the retries and read every job (2.5 s beside 220,000).
        jobsFailed.set(runtime.createIncidentQuery().incidentType(Incident.FAILED_JOB_HANDLER_TYPE).count());
    }

    /** Running process instances per process: one grouped count over the running instances. */
    private void refreshFlowsWaiting() {
        // By definition id and without a join: the engine's count per key (a count(distinct) joined to the definitions)
        // took 3 s each beside 150,000 waiting flows, one per process every refresh, and a grouped count joined to the
        // definitions still 2.8 s. The few definitions map ids to keys.
        Map<String, String> keyOfDefinition = new HashMap<>();
        repository.createProcessDefinitionQuery().list().forEach(d -> keyOfDefinition.put(d.getId(), d.getKey()));
        Map<String, Long> running = new TreeMap<>();
        keyOfDefinition.values().forEach(key -> running.put(key, 0L));
        jdbc.query("SELECT PROC_DEF_ID_, COUNT(*) FROM ACT_RU_EXECUTION WHERE PARENT_ID_ IS NULL GROUP BY PROC_DEF_ID_", rs -> {
            String key = keyOfDefinition.get(rs.getString(1));
            if (key != null) { // a definition deployed after the lookup is counted at the next refresh
                running.merge(key, rs.getLong(2), Long::sum);
            }
        });
        List<MultiGauge.Row<?>> waiting = new ArrayList<>();
        running.forEach((key, count) -> waiting.add(MultiGauge.Row.of(Tags.of("process", key), count)));
        flowsWaiting.register(waiting, true);
    }

    private static void pools(MultiGauge gauge, String tag, List<PoolBalance> pools, ToLongFunction<PoolBalance> value) {
        gauge.register(pools.stream().<MultiGauge.Row<?>>map(p -> MultiGauge.Row.of(Tags.of(tag, p.poolId()), value.applyAsLong(p)))
                .toList(), true);
    }
}
