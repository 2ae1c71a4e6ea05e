package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.ledger.HolderBalance;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.EdgeKeyPair;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Downloaded credits return only with a revoke key or at their real end, whatever the engine is made to do with admin's
 * powers (execute a timer early, modify into the expiry step, correlate the "returned" message); when a person runs
 * the step at the real end, the ledger names that person. Run on H2 and PostgreSQL.
 */
interface CreditReturnGuardsContract {

    CreditFixtures f();

    RuntimeService runtime();

    ManagementService management();

    IdentityService identity();

    @AfterEach
    default void resetClock() {
        ClockUtil.reset();
    }

    static String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GrantflowException g) {
                return g.code();
            }
        }
        return null;
    }

    /** 10 credits of a fresh subscription of 100, taken by an online system at its call-in. */
    default CreditAssignments.Started downloaded() {
        String sub = f().subscription(100);
        EdgeKeyPair system = f().onlineSystem("ACME");
        CreditAssignments.Started started = f().assign(system, sub, 10, null);
        assertThat(f().callIn(system).creditFiles()).hasSize(1);
        assertThat(f().assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.DOWNLOADED);
        return started;
    }

    default Job job(String processInstanceId) {
        return management().createJobQuery().processInstanceId(processInstanceId).singleResult();
    }

    /** Runs a job as a signed-in engine user, as admin's POST /engine-rest/job/{id}/execute does. */
    default void executeAs(String user, Job job) {
        identity().setAuthentication(user, List.of("camunda-admin"));
        try {
            management().executeJob(job.getId());
        } finally {
            identity().clearAuthentication();
        }
    }

    default void assertStillHeld(CreditAssignments.Started started) {
        CreditAssignment a = f().assignment(started.assignmentId());
        assertThat(a.state()).isEqualTo(AssignmentState.DOWNLOADED);
        HolderBalance h = f().ledger.holding(a.subscriptionId(), a.id());
        assertThat(h.held()).isEqualTo(10);
        assertThat(f().available(a.subscriptionId())).isEqualTo(90);
        assertThat(f().verifier.verifyPool(a.subscriptionId()).broken()).isEmpty();
    }

    @Test
    default void endTimerExecutedEarlyDoesNotReturnDownloadedCredits() {
        CreditAssignments.Started started = downloaded();
        String sub = f().assignment(started.assignmentId()).subscriptionId();
        long rows = f().entries(sub).size();

        Job timer = job(started.processInstanceId()); // Timer_AutoRevoke, a year early; the return runs in its job
        assertThatThrownBy(() -> executeAs("admin", timer)).satisfies(e -> assertThat(code(e)).isEqualTo("too-early"));

        assertStillHeld(started);
        assertThat(f().entries(sub)).hasSize((int) rows);
        assertThat(management().createJobQuery().jobId(timer.getId()).singleResult().getExceptionMessage()).contains("revoke key");
        // the refused step rolled back with the timer: the flow still waits for a revoke or its time
        assertThat(runtime().getActiveActivityIds(started.processInstanceId())).containsExactly(CreditAssignmentProcess.GATEWAY_AWAIT_END);
        assertThat(runtime().createEventSubscriptionQuery().processInstanceId(started.processInstanceId())
                .eventName(CreditAssignmentProcess.MSG_CREDITS_RETURNED).count()).isEqualTo(1);
    }

    @Test
    default void modificationIntoTheExpiryStepDoesNotReturnDownloadedCredits() {
        CreditAssignments.Started started = downloaded();
        String timer = job(started.processInstanceId()).getId();

        assertThatThrownBy(() -> runtime().createProcessInstanceModification(started.processInstanceId())
                .cancelAllForActivity(CreditAssignmentProcess.GATEWAY_AWAIT_END).startBeforeActivity(CreditAssignmentProcess.TASK_EXPIRE_CREDITS)
                .execute()).satisfies(e -> assertThat(code(e)).isEqualTo("too-early"));

        assertStillHeld(started);
        assertThat(runtime().getActiveActivityIds(started.processInstanceId())).containsExactly(CreditAssignmentProcess.GATEWAY_AWAIT_END);
        assertThat(job(started.processInstanceId()).getId()).as("the end timer still waits").isEqualTo(timer);
    }

    @Test
    default void atTheRealEndThePersonWhoRanTheStepIsTheLedgersActor() {
        CreditAssignments.Started started = downloaded();
        CreditAssignment a = f().assignment(started.assignmentId());
        ClockUtil.setCurrentTime(Date.from(a.expiresAt().plusSeconds(1)));

        executeAs("admin", job(started.processInstanceId())); // the end timer, and the return in its job

        assertThat(f().assignment(a.id()).state()).isEqualTo(AssignmentState.EXPIRED);
        assertThat(f().available(a.subscriptionId())).isEqualTo(100);
        assertThat(f().lastEntry(a.subscriptionId()).actor()).isEqualTo("admin");
        assertThat(f().lastEntry(a.subscriptionId()).reason()).isEqualTo("subscription-ended");
    }

    @Test
    default void returnedMessageWithoutTheLedgerMovementIsRefused() {
        CreditAssignments.Started started = downloaded();
        String timer = job(started.processInstanceId()).getId();

        assertThatThrownBy(() -> runtime().createMessageCorrelation(CreditAssignmentProcess.MSG_CREDITS_RETURNED)
                .processInstanceId(started.processInstanceId()).correlate())
                .satisfies(e -> assertThat(code(e)).isEqualTo("credits-not-returned"));
        String execution = runtime().createEventSubscriptionQuery().processInstanceId(started.processInstanceId())
                .eventName(CreditAssignmentProcess.MSG_CREDITS_RETURNED).singleResult().getExecutionId();
        assertThatThrownBy(() -> runtime().messageEventReceived(CreditAssignmentProcess.MSG_CREDITS_RETURNED, execution))
                .satisfies(e -> assertThat(code(e)).isEqualTo("credits-not-returned"));

        assertStillHeld(started);
        assertThat(runtime().createProcessInstanceQuery().processInstanceId(started.processInstanceId()).count())
                .as("the flow keeps waiting, with its end timer").isEqualTo(1);
        assertThat(job(started.processInstanceId()).getId()).isEqualTo(timer);
    }

    @Test
    default void revokeKeyStillReturnsTheCreditsAtOnce() {
        String sub = f().subscription(100);
        EdgeKeyPair system = f().onlineSystem("ACME");
        CreditAssignments.Started started = f().assign(system, sub, 10, null);
        f().callIn(system);
        f().tx.execute(s -> f().revocations.start(started.assignmentId(), "operator"));
        String key = f().revokeKey(system, f().assignment(started.assignmentId())).sign();
        f().callIn(system, key);

        assertThat(f().assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f().available(sub)).isEqualTo(100);
        assertThat(runtime().createProcessInstanceQuery().processInstanceId(started.processInstanceId()).count()).isZero();
        assertThat(f().verifier.verifyPool(sub).broken()).isEmpty();
    }

    @Test
    default void revokeSettledMessageWithoutARevokeKeyIsRefused() {
        CreditAssignments.Started started = downloaded();
        CreditRevocations.Started revoke = f().tx.execute(s -> f().revocations.start(started.assignmentId(), "operator"));
        assertThat(revoke.status()).isEqualTo(CreditRevocations.Status.AWAITING_SYSTEM);

        assertThatThrownBy(() -> runtime().createMessageCorrelation(CreditRevokeProcess.MSG_REVOKE_SETTLED)
                .processInstanceId(revoke.processInstanceId()).correlate())
                .satisfies(e -> assertThat(code(e)).isEqualTo("credits-not-returned"));

        CreditAssignment a = f().assignment(started.assignmentId());
        assertThat(a.state()).isEqualTo(AssignmentState.REVOKING);
        assertThat(f().ledger.holding(a.subscriptionId(), a.id()).pending()).isEqualTo(10);
        assertThat(runtime().createProcessInstanceQuery().processInstanceId(revoke.processInstanceId()).count())
                .as("the revoke keeps waiting for the key").isEqualTo(1);
    }
}
