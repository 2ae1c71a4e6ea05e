package io.grantflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.QueryPlans;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Date;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job gauges on the database the context runs on (H2 and PostgreSQL): what they count (due, failed, suspended,
 * a timer not yet due) and that the due count is served by the due-date index instead of reading every waiting timer.
 */
final class JobGaugesContract {

    /** {@code JobAcquisitionByDueDate}'s index on {@code ACT_RU_JOB(DUEDATE_)}. */
    static final String DUE_DATE_INDEX = "GF_IDX_JOB_DUEDATE";

    private JobGaugesContract() {
    }

    static void run(ProcessEngine engine, GrantflowMetrics metrics, MeterRegistry meters, JdbcTemplate jdbc,
            TransactionTemplate tx, boolean postgres) {
        RuntimeService runtime = engine.getRuntimeService();
        ManagementService management = engine.getManagementService();
        // The job executor is off in tests: the jobs stay where the test puts them.
        Deployment deployment = engine.getRepositoryService().createDeployment().name("job-gauges-test")
                .addModelInstance("gf-test-gauge-async.bpmn", Bpmn.createExecutableProcess("gf-test-gauge-async")
                        .camundaHistoryTimeToLive(1).startEvent().camundaAsyncAfter().endEvent().done())
                .addModelInstance("gf-test-gauge-timer.bpmn", Bpmn.createExecutableProcess("gf-test-gauge-timer")
                        .camundaHistoryTimeToLive(1).startEvent().intermediateCatchEvent().timerWithDuration("PT1H").endEvent().done())
                .deploy();
        try {
            metrics.refresh();
            double due = gauge(meters, "grantflow.jobs.due");
            double failed = gauge(meters, "grantflow.jobs.failed");
            double incidents = gauge(meters, "grantflow.incidents.open");

            String suspended = runtime.startProcessInstanceByKey("gf-test-gauge-async").getId();
            String failing = runtime.startProcessInstanceByKey("gf-test-gauge-async").getId();
            runtime.startProcessInstanceByKey("gf-test-gauge-async");
            String timer = runtime.startProcessInstanceByKey("gf-test-gauge-timer").getId();
            metrics.refresh();
            assertThat(gauge(meters, "grantflow.jobs.due")).as("three async continuations due, the timer in an hour").isEqualTo(due + 3);

            runtime.suspendProcessInstanceById(suspended);
            metrics.refresh();
            assertThat(gauge(meters, "grantflow.jobs.due")).as("a suspended instance's job is not the executor's backlog").isEqualTo(due + 2);

            management.setJobRetries(management.createJobQuery().processInstanceId(failing).singleResult().getId(), 0);
            metrics.refresh();
            assertThat(gauge(meters, "grantflow.jobs.due")).as("a job without retries is not due").isEqualTo(due + 1);
            assertThat(gauge(meters, "grantflow.jobs.failed")).isEqualTo(failed + 1);
            assertThat(gauge(meters, "grantflow.incidents.open")).isEqualTo(incidents + 1);
            // the gauge counts failed-job incidents; the engine's own count reads the jobs
            assertThat(gauge(meters, "grantflow.jobs.failed")).isEqualTo(management.createJobQuery().noRetriesLeft().count());

            // moving the clock would make other tests' timers due too: this timer's due date moves instead
            management.setJobDuedate(management.createJobQuery().processInstanceId(timer).singleResult().getId(),
                    new Date(ClockUtil.getCurrentTime().getTime() - 60_000));
            metrics.refresh();
            assertThat(gauge(meters, "grantflow.jobs.due")).as("the timer, due a minute ago").isEqualTo(due + 2);
        } finally {
            engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
        }
        metrics.refresh();

        String statement = GrantflowMetrics.JOBS_DUE.replace("?", "TIMESTAMP '2026-01-01 00:00:00'");
        assertThat(QueryPlans.explain(jdbc, tx, statement, postgres)).as("plan of the due jobs' count").contains(DUE_DATE_INDEX);
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).gauge().value();
    }
}
