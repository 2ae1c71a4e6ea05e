package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** remote-activation-update: one test per path. */
@GrantflowTest
@RecordApplicationEvents
class RemoteActivationUpdateProcessTest {

    static final String CONFIGURE = "UserTask_ConfigureSeats";
    static final String CONFIRM = "UserTask_ConfirmReduction";
    static final String RECEIPT = "ReceiveTask_WaitForReceipt";

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ActivationFixture fx;
    @Autowired
    ApplicationEvents events;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ProcessInstance pi(ActivationUpdates.Started started) {
        return runtime.createProcessInstanceQuery().processInstanceId(started.processInstanceId()).singleResult();
    }

    void configure(String user, ActivationUpdates.Started started, Object seats) {
        fx.completeAs(user, fx.task(started.processInstanceId(), CONFIGURE), Map.of("newSeats", seats, "newExpiresAt", ""));
        fx.runJobs(started.processInstanceId());
    }

    void approve(String user, ActivationUpdates.Started started, boolean approved) {
        fx.completeAs(user, fx.task(started.processInstanceId(), CONFIRM), Map.of("approved", approved));
        fx.runJobs(started.processInstanceId());
    }

    UpdateStatus status(ActivationUpdates.Started started) {
        return fx.updates.get(started.updateId()).status();
    }

    @Test
    void increaseIsAllocatedAtSaveAndAppliedAtReceipt() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5);
        ActivationUpdates.Started started = fx.startUpdate(act);
        ProcessInstance pi = pi(started);
        assertThat(pi).isWaitingAt(CONFIGURE);
        // the task says which installation, license and account it is about, on the list and on its form
        RemoteActivation activation = fx.activations.get(act.id());
        String account = fx.licenses.get(lic).accountId();
        assertThat(fx.task(pi.getId(), CONFIGURE).getName())
                .isEqualTo("Configure printer seats — " + activation.installationId() + " (" + lic + ", " + account + ")");
        assertThat(runtime.getVariable(pi.getId(), "installationId")).isEqualTo(activation.installationId());
        assertThat(runtime.getVariable(pi.getId(), "accountId")).isEqualTo(account);
        assertThat(runtime.getVariable(pi.getId(), "currentSeats")).isEqualTo(5L);
        assertThat(runtime.getVariable(pi.getId(), "availableSeats")).isEqualTo(15L);
        assertThat(runtime.getVariable(pi.getId(), "installationSeats")).as("what the update token reports").isEqualTo(5L);

        configure("operator", started, 8L);

        assertThat(pi).isWaitingAt(RECEIPT);
        assertThat(status(started)).isEqualTo(UpdateStatus.CONNECTION_TOKEN_READY);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(8);
        assertThat(fx.licenses.get(lic).available()).isEqualTo(12);
        assertThat(fx.activations.get(act.id()).seats()).isEqualTo(8);
        assertThat(fx.updates.get(started.updateId()).configuredBy()).isEqualTo("operator");

        fx.receipt(act);
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassedInOrder(CONFIGURE, "Task_ValidateSeats", "Task_SaveConfiguration", "Task_IssueConnectionToken", RECEIPT,
                "Task_ApplyReceipt").isEnded();
        assertThat(pi).hasNotPassed(CONFIRM);
        assertThat(status(started)).isEqualTo(UpdateStatus.APPLIED);
        assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNull();
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(8);
    }

    @Test
    void reductionApprovedByAnotherOperatorKeepsSeatsInFlightUntilTheReceipt() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started started = fx.startUpdate(act);
        ProcessInstance pi = pi(started);

        configure("operator", started, 6L);
        assertThat(pi).isWaitingAt(CONFIRM);
        assertThat(status(started)).isEqualTo(UpdateStatus.AWAITING_REDUCTION_APPROVAL);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(10);
        assertThat(fx.task(pi.getId(), CONFIRM).getName()).startsWith("Confirm seat reduction — ")
                .endsWith("(" + lic + ", " + fx.licenses.get(lic).accountId() + ")");
        assertThat(runtime.getVariable(pi.getId(), "availableSeats")).isEqualTo(10L);

        approve("operator2", started, true);

        assertThat(pi).isWaitingAt(RECEIPT);
        License license = fx.licenses.get(lic);
        assertThat(license.allocated()).isEqualTo(6);
        assertThat(license.inFlight()).isEqualTo(4);
        assertThat(license.available()).isEqualTo(10);
        assertThat(fx.updates.get(started.updateId()).approvedBy()).isEqualTo("operator2");

        fx.receipt(act);
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassedInOrder(CONFIGURE, CONFIRM, "Task_SaveConfiguration", RECEIPT, "Task_ApplyReceipt").isEnded();
        license = fx.licenses.get(lic);
        assertThat(license.inFlight()).isZero();
        assertThat(license.allocated()).isEqualTo(6);
        assertThat(license.available()).isEqualTo(14);
        assertThat(status(started)).isEqualTo(UpdateStatus.APPLIED);
    }

    @Test
    void reductionConfirmedByTheConfigurerIsRefusedAndTheTaskStays() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started started = fx.startUpdate(act);
        configure("operator", started, 6L);

        assertThatThrownBy(() -> fx.completeAs("operator", fx.task(started.processInstanceId(), CONFIRM), Map.of("approved", true)))
                .satisfies(e -> assertThat(((GrantflowException) EngineUser.unwrap((RuntimeException) e)).code()).isEqualTo("four-eyes"));

        assertThat(pi(started)).isWaitingAt(CONFIRM);
        assertThat(fx.updates.get(started.updateId()).approvedBy()).isNull();
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(10);
    }

    @Test
    void reductionRefusedByTheApproverChangesNothing() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started started = fx.startUpdate(act);
        ProcessInstance pi = pi(started);
        String tokenBefore = fx.activations.get(act.id()).currentConnectionJti();
        configure("operator", started, 6L);

        approve("operator2", started, false);

        assertThat(pi).hasPassed("Task_RejectUpdate").isEnded();
        assertThat(pi).hasNotPassed("Task_SaveConfiguration");
        assertThat(status(started)).isEqualTo(UpdateStatus.REJECTED);
        License license = fx.licenses.get(lic);
        assertThat(license.allocated()).isEqualTo(10);
        assertThat(license.inFlight()).isZero();
        RemoteActivation a = fx.activations.get(act.id());
        assertThat(a.seats()).isEqualTo(10);
        assertThat(a.currentConnectionJti()).isEqualTo(tokenBefore);
        assertThat(a.pendingUpdateId()).isNull();
    }

    @Test
    void seatsAboveThePoolComeBackWithAMessageThenCorrectedSeatsGoThrough() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5);
        ActivationUpdates.Started started = fx.startUpdate(act);
        ProcessInstance pi = pi(started);

        configure("operator", started, 30L);

        assertThat(pi).isWaitingAt(CONFIGURE);
        assertThat((String) runtime.getVariable(pi.getId(), "message")).contains("25 more seats requested").contains("15 available");
        assertThat(fx.updates.get(started.updateId()).message()).contains("seats");
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(5);

        configure("operator", started, 20L);

        assertThat(pi).isWaitingAt(RECEIPT);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(20);
        assertThat(fx.licenses.get(lic).available()).isZero();
        assertThat(runtime.getVariable(pi.getId(), "message")).isEqualTo("");
    }

    @Test
    void poolTakenBetweenValidationAndSaveBringsTheTaskBackWithNothingAllocated() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5);
        ActivationUpdates.Started started = fx.startUpdate(act);
        ProcessInstance pi = pi(started);
        fx.completeAs("operator", fx.task(pi.getId(), CONFIGURE), Map.of("newSeats", 15L));
        assertThat(pi).isWaitingAt("Task_ValidateSeats");
        execute(job());   // validation passes: 10 more of 15 available
        assertThat(pi).isWaitingAt("Task_SaveConfiguration");
        fx.add(lic, 10, fx.now().plus(Duration.ofDays(30)));   // another installation takes the seats meanwhile

        fx.runJobs(pi.getId());

        assertThat(pi).hasPassed("Task_SaveConfiguration").isWaitingAt(CONFIGURE);
        assertThat((String) runtime.getVariable(pi.getId(), "message")).contains("10 more seats requested");
        assertThat(fx.activations.get(act.id()).seats()).isEqualTo(5);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(15);
        assertThat(status(started)).isEqualTo(UpdateStatus.AWAITING_SEAT_CONFIGURATION);
    }

    @Test
    void updateTokenExpiredWhileAwaitingTheReductionApprovalEndsTheUpdateWithNothingChanged() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 10);
        String token = fx.updateToken(act).ttl(Duration.ofHours(1)).sign();
        ActivationUpdates.Started started = fx.tx.execute(s -> fx.updates.start(token, "integrator"));
        configure("operator", started, 2L);
        assertThat(pi(started)).isWaitingAt(CONFIRM);

        ClockUtil.setCurrentTime(Date.from(fx.now().plus(Duration.ofHours(1)).plusSeconds(1)));
        fx.runJobs(started.processInstanceId());

        assertThat(pi(started)).isNull();
        assertThat(status(started)).isEqualTo(UpdateStatus.EXPIRED);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(10);
        assertThat(fx.licenses.get(lic).inFlight()).isZero();
        assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNull();
    }

    @Test
    void updateTokenExpiredWhileWaitingEndsTheUpdateWithNothingAllocated() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5);
        String token = fx.updateToken(act).ttl(Duration.ofHours(2)).sign();
        ActivationUpdates.Started started = fx.tx.execute(s -> fx.updates.start(token, "integrator"));
        ProcessInstance pi = pi(started);
        assertThat(pi).isWaitingAt(CONFIGURE);

        ClockUtil.setCurrentTime(Date.from(fx.now().plus(Duration.ofHours(2)).plusSeconds(1)));
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassed("Timer_UpdateTokenExpired", "Task_ExpireUpdate").isEnded();
        assertThat(status(started)).isEqualTo(UpdateStatus.EXPIRED);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(5);
        assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNull();
        assertThat(fx.updates.get(started.updateId()).connectionJti()).isNull();
    }

    @Test
    void receiptNeverArrivesThenFollowUpTaskAndTheOldExpiryReleasesTheInFlightSeats() {
        Instant oldExpiry = fx.now().plus(Duration.ofDays(60));
        String lic = fx.license(20);
        Act act = fx.active(lic, 10, oldExpiry);
        ActivationUpdates.Started started = fx.startUpdate(act);
        ProcessInstance pi = pi(started);
        configure("operator", started, 6L);
        approve("operator2", started, true);
        assertThat(pi).isWaitingAt(RECEIPT);

        ClockUtil.setCurrentTime(Date.from(fx.now().plus(Duration.ofDays(14)).plusSeconds(1)));
        fx.runJobs(pi.getId());

        assertThat(pi).isWaitingAt(RECEIPT, "UserTask_FollowUpNotApplied");
        assertThat(fx.task(pi.getId(), "UserTask_FollowUpNotApplied").getName()).isEqualTo("Follow up: connection token not applied — "
                + fx.activations.get(act.id()).installationId() + " (" + act.licenseId() + ", " + fx.licenses.get(act.licenseId()).accountId() + ")");
        assertThat(events.stream(ConnectionTokenNotApplied.class)).anySatisfy(e -> {
            assertThat(e.activationId()).isEqualTo(act.id());
            assertThat(e.updateId()).isEqualTo(started.updateId());
        });
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(4);

        ClockUtil.setCurrentTime(Date.from(oldExpiry.plusSeconds(1)));
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassed("Timer_OldActivationExpired", "Task_ReleaseInFlightOnExpiry").isEnded();
        assertThat(fx.licenses.get(lic).inFlight()).isZero();
        assertThat(status(started)).isEqualTo(UpdateStatus.EXPIRED);
    }

    @Test
    void secondUpdateTokenWhileOneIsInProgressIsRefused() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5);
        fx.startUpdate(act);
        ActivationFixture.Snapshot before = fx.snapshot(act);

        assertThatThrownBy(() -> fx.startUpdate(act))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("update-in-progress"));

        assertThat(fx.snapshot(act)).isEqualTo(before);
    }

    @Test
    void updateThatMovesTheExpiryMovesTheLifecycleTimers() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 5, fx.now().plus(Duration.ofDays(100)));
        Instant newExpiry = fx.now().plus(Duration.ofDays(300));
        ActivationUpdates.Started started = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(started.processInstanceId(), CONFIGURE), Map.of("newSeats", 5L, "newExpiresAt", newExpiry.toString()));
        fx.runJobs(started.processInstanceId());

        assertThat(fx.activations.get(act.id()).expiresAt()).isEqualTo(newExpiry);
        Date warningDue = fx.management.createJobQuery().processInstanceId(fx.lifecycle(act.id())).timers().singleResult().getDuedate();
        assertThat(warningDue.toInstant()).isEqualTo(newExpiry.minus(Duration.ofDays(30)));
    }
}
