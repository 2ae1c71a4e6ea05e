package io.grantflow.activation;

import static io.grantflow.activation.SaveGuardsContract.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.activation.ActivationFixture.Act;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In-flight seats return, and an add becomes ACTIVE, only with an accepted receipt for the activation's newest
 * connection token (its record in the token registry), or when the old activation really expired: a message sent by
 * admin's engine power, a timer executed early or a modification into the step moves nothing, and the flow keeps
 * waiting for the real receipt. Run on H2 and PostgreSQL.
 */
interface ReceiptProofContract {

    String RECEIPT = "ReceiveTask_WaitForReceipt";

    ActivationFixture fx();

    @AfterEach
    default void resetClock() {
        ClockUtil.reset();
    }

    /** 10 → 6 saved with four-eyes: 4 seats in flight, the flow waits for the receipt. */
    default ActivationUpdates.Started reductionInFlight(Act act) {
        ActivationUpdates.Started u = fx().startUpdate(act);
        fx().completeAs("operator", fx().task(u.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 6L, "newExpiresAt", ""));
        fx().runJobs(u.processInstanceId());
        fx().completeAs("operator2", fx().task(u.processInstanceId(), "UserTask_ConfirmReduction"), Map.of("approved", true));
        fx().runJobs(u.processInstanceId());
        assertThat(fx().licenses.get(act.licenseId()).inFlight()).isEqualTo(4);
        return u;
    }

    default boolean waitingForReceipt(String processInstanceId) {
        return fx().runtime.createExecutionQuery().processInstanceId(processInstanceId).activityId(RECEIPT).count() == 1;
    }

    default void assertStillInFlight(Act act, ActivationUpdates.Started u) {
        License license = fx().licenses.get(act.licenseId());
        assertThat(license.inFlight()).isEqualTo(4);
        assertThat(license.allocated()).isEqualTo(6);
        assertThat(fx().updates.get(u.updateId()).status()).isEqualTo(UpdateStatus.CONNECTION_TOKEN_READY);
        assertThat(fx().activations.get(act.id()).pendingUpdateId()).isEqualTo(u.updateId());
    }

    @Test
    default void forgedReceiptMessageIsRefusedAndTheRealReceiptStillLands() {
        String lic = fx().license(20);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = reductionInFlight(act);

        assertThatThrownBy(() -> fx().runtime.createMessageCorrelation(ActivationVariables.MSG_CONNECTION_TOKEN_APPLIED)
                .processInstanceId(u.processInstanceId()).setVariable(ActivationVariables.RECEIPT_JTI, "whatever-was-sent").correlate())
                .satisfies(e -> assertThat(code(e)).isEqualTo("receipt-missing"));
        assertStillInFlight(act, u);
        assertThat(waitingForReceipt(u.processInstanceId())).isTrue();

        ActivationReceipts.Accepted accepted = fx().receipt(act);
        fx().runJobs(u.processInstanceId());
        assertThat(fx().licenses.get(lic).inFlight()).isZero();
        assertThat(fx().licenses.get(lic).available()).isEqualTo(14);
        assertThat(fx().updates.get(u.updateId()).status()).isEqualTo(UpdateStatus.APPLIED);
        var entries = fx().ledger.entries(lic, act.id(), null, null);
        assertThat(entries.get(entries.size() - 1).proof()).as("the movement names the accepted receipt").isEqualTo(accepted.receiptJti());
    }

    @Test
    default void forgedReceiptMessageDoesNotActivateAnAdd() {
        String lic = fx().license(20);
        Act act = fx().add(lic, 5, fx().now().plus(Duration.ofDays(100)));

        assertThatThrownBy(() -> fx().runtime.correlateMessage(ActivationVariables.MSG_CONNECTION_TOKEN_APPLIED, act.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo("receipt-missing"));
        assertThat(fx().activations.get(act.id()).state()).isEqualTo(ActivationState.PENDING);
        assertThat(waitingForReceipt(act.processInstanceId())).isTrue();

        fx().receipt(act);
        fx().runJobs(act.processInstanceId());
        assertThat(fx().activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
    }

    @Test
    default void oldActivationTimerExecutedEarlyReleasesNothing() {
        String lic = fx().license(20);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = reductionInFlight(act);
        Job timer = fx().management.createJobQuery().processInstanceId(u.processInstanceId())
                .activityId("Timer_OldActivationExpired").singleResult();

        assertThatThrownBy(() -> fx().management.executeJob(timer.getId())).satisfies(e -> assertThat(code(e)).isEqualTo("too-early"));
        // The release is an async step: a modification into it fails when its job runs.
        assertThatThrownBy(() -> {
            fx().runtime.createProcessInstanceModification(u.processInstanceId()).startBeforeActivity("Task_ReleaseInFlightOnExpiry").execute();
            fx().runJobAt(u.processInstanceId(), "Task_ReleaseInFlightOnExpiry");
        }).satisfies(e -> assertThat(code(e)).isEqualTo("too-early"));

        assertStillInFlight(act, u);
        assertThat(waitingForReceipt(u.processInstanceId())).isTrue();
    }

    @Test
    default void oldActivationReallyExpiredReleasesTheInFlightSeats() {
        String lic = fx().license(20);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = reductionInFlight(act);
        ClockUtil.setCurrentTime(Date.from(fx().activations.get(act.id()).expiresAt().plusSeconds(1)));
        Job timer = fx().management.createJobQuery().processInstanceId(u.processInstanceId())
                .activityId("Timer_OldActivationExpired").singleResult();

        fx().management.executeJob(timer.getId());
        fx().runJobs(u.processInstanceId());

        assertThat(fx().licenses.get(lic).inFlight()).isZero();
        assertThat(fx().updates.get(u.updateId()).status()).isEqualTo(UpdateStatus.EXPIRED);
    }

    @Test
    default void lifecycleExpiryRunEarlyReturnsNoSeats() {
        String lic = fx().license(20);
        Act act = fx().active(lic, 10);
        String lifecycle = fx().lifecycle(act.id());

        // The expiry is an async step: a modification into it fails when its job runs.
        assertThatThrownBy(() -> {
            fx().runtime.createProcessInstanceModification(lifecycle).startBeforeActivity("Task_ExpireActivation").execute();
            fx().runJobAt(lifecycle, "Task_ExpireActivation");
        }).satisfies(e -> assertThat(code(e)).isEqualTo("too-early"));

        assertThat(fx().activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
        assertThat(fx().ledger.holding(lic, act.id()).held()).isEqualTo(10);
        assertThat(fx().licenses.get(lic).available()).isEqualTo(10);
    }

    @Test
    default void disconnectFlowStartedByOtherMeansFreesNothing() {
        String lic = fx().license(20);
        Act act = fx().active(lic, 10);

        assertThatThrownBy(() -> fx().runtime.startProcessInstanceByKey(ActivationProcesses.Disconnect.KEY, act.id(),
                Map.of(ActivationVariables.ACTIVATION_ID, act.id(), ActivationVariables.STARTED_BY, "admin")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("disconnect-not-requested"));

        assertThat(fx().activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
        assertThat(fx().ledger.holding(lic, act.id()).held()).isEqualTo(10);
        assertThat(fx().licenses.get(lic).available()).isEqualTo(10);
    }
}
