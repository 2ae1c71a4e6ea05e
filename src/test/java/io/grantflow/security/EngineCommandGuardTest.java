package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grantflow.protocol.Refusal;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.GrantflowTest;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The guard is keyed on the engine's command, not on a door: through the Java API a person (an authenticated user who
 * is not an administrator) is refused a job execution, which then costs the job no retry, and a message; an
 * administrator may not take a due date away; Grantflow's own steps (no authenticated user) run as before.
 */
@GrantflowTest
class EngineCommandGuardTest {

    @Autowired
    ProcessEngine engine;

    Deployment deployment;
    String instance;
    Job timer;

    @BeforeEach
    void aWaitingTimerAndMessage() {
        deployment = engine.getRepositoryService().createDeployment().name("engine-command-guard-test")
                .addModelInstance("gf-test-guard.bpmn", Bpmn.createExecutableProcess("gf-test-guard").camundaHistoryTimeToLive(1)
                        .startEvent().intermediateCatchEvent().timerWithDuration("P1D")
                        .intermediateCatchEvent().message("GuardTestMessage").endEvent().done())
                .deploy();
        instance = engine.getRuntimeService().startProcessInstanceByKey("gf-test-guard").getId();
        timer = job();
    }

    @AfterEach
    void removeTheTestProcess() {
        engine.getIdentityService().clearAuthentication();
        engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
    }

    private Job job() {
        return engine.getManagementService().createJobQuery().processInstanceId(instance).singleResult();
    }

    private static GrantflowException refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof GrantflowException g) {
                return g;
            }
        }
        throw new AssertionError("no Grantflow refusal in " + thrown, thrown);
    }

    @Test
    void aPersonIsRefusedAJobExecutionThroughTheJavaApiAndTheJobKeepsItsRetries() {
        int retries = timer.getRetries();
        engine.getIdentityService().setAuthentication("operator", List.of(Groups.OPERATORS));
        Throwable thrown = catchThrowable(() -> engine.getManagementService().executeJob(timer.getId()));
        engine.getIdentityService().clearAuthentication();

        assertThat(refusal(thrown).code()).isEqualTo("forbidden");
        assertThat(refusal(thrown).status()).isEqualTo(403);
        Job after = job();
        assertThat(after.getId()).isEqualTo(timer.getId());
        assertThat(after.getRetries()).as("a refused execution is no failed attempt").isEqualTo(retries);
        assertThat(after.getExceptionMessage()).isNull();
        assertThat(engine.getRuntimeService().getActiveActivityIds(instance)).hasSize(1);
    }

    @Test
    void aPersonIsRefusedAMessageAndAnAdministratorADueDateRemovalThroughTheJavaApi() {
        engine.getManagementService().executeJob(timer.getId()); // Grantflow's own step: no authenticated user
        assertThat(engine.getRuntimeService().createEventSubscriptionQuery().processInstanceId(instance).eventName("GuardTestMessage").count())
                .isOne();

        engine.getIdentityService().setAuthentication("integrator", List.of(Groups.INTEGRATORS));
        Throwable message = catchThrowable(() -> engine.getRuntimeService().createMessageCorrelation("GuardTestMessage")
                .processInstanceId(instance).correlate());
        engine.getIdentityService().clearAuthentication();
        assertThat(refusal(message).code()).isEqualTo("forbidden");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance).count())
                .as("the flow still waits for its message").isOne();

        String otherInstance = engine.getRuntimeService().startProcessInstanceByKey("gf-test-guard").getId();
        Job other = engine.getManagementService().createJobQuery().processInstanceId(otherInstance).singleResult();
        engine.getIdentityService().setAuthentication("admin", List.of(Groups.ADMINS));
        Throwable dueDate = catchThrowable(() -> engine.getManagementService().setJobDuedate(other.getId(), null));
        engine.getIdentityService().clearAuthentication();
        assertThat(refusal(dueDate).code()).isEqualTo(Refusal.DUE_DATE_REQUIRED.code());
        assertThat(engine.getManagementService().createJobQuery().jobId(other.getId()).singleResult().getDuedate())
                .isEqualTo(other.getDuedate());
    }
}
