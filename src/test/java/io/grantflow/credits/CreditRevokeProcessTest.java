package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import io.grantflow.protocol.CallInAnswer;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** One test per path of {@code credit-revoke}, including each kind of bad revoke key; the ledger verifies after each. */
@GrantflowTest
class CreditRevokeProcessTest {

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtime;
    @Autowired org.camunda.bpm.engine.HistoryService history;
    @Autowired ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(processEngine);
        f = CreditFixtures.from(context);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    private ProcessInstance pi(String id) {
        return runtime.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private CreditRevocations.Started revoke(String assignmentId) {
        return f.tx.execute(s -> f.revocations.start(assignmentId, "operator"));
    }

    /** Offline system, 10 credits downloaded by an operator: what a revoke needs a key for. */
    private CreditAssignment downloadedOffline(EdgeKeyPair system, String sub) {
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        execute(job(pi(started.processInstanceId())));
        return f.assignment(started.assignmentId());
    }

    @Test
    void revokeWhenNotDownloadedThenCreditsReturnAtOnce() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        ProcessInstance assignment = pi(started.processInstanceId());

        CreditRevocations.Started revoke = revoke(started.assignmentId());

        assertThat(revoke.status()).isEqualTo(CreditRevocations.Status.RETURNED);
        assertThat(pi(revoke.processInstanceId())).isNull();
        assertThat(assignment).hasPassed(CreditAssignmentProcess.EVENT_REVOKED_BEFORE_DELIVERY).isEnded();
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.REVOKED);
        LedgerEntry last = f.lastEntry(sub);
        assertThat(last.reason()).isEqualTo("revoked");
        assertThat(last.proof()).isEqualTo("never-downloaded");
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeWhenDownloadedAndOnlineThenTheSystemAnswersWithARevokeKeyAtItsCallIn() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.onlineSystem("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        ProcessInstance assignment = pi(started.processInstanceId());
        f.callIn(system); // the file leaves Grantflow
        CreditAssignment a = f.assignment(started.assignmentId());

        CreditRevocations.Started revoke = revoke(a.id());
        ProcessInstance pi = pi(revoke.processInstanceId());

        assertThat(revoke.status()).isEqualTo(CreditRevocations.Status.AWAITING_SYSTEM);
        assertThat(pi).isWaitingAt(CreditRevokeProcess.GATEWAY_AWAIT_SYSTEM);
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKING);
        assertThat(f.subscriptions.get(sub).inFlight()).isEqualTo(10);
        assertThat(f.available(sub)).isEqualTo(90);

        CallInAnswer asked = f.callIn(system);
        assertThat(asked.revokes()).extracting(CallInAnswer.PendingRevoke::assignmentId, CallInAnswer.PendingRevoke::fileJti)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a.id(), a.fileJti()));

        String key = f.revokeKey(system, a).sign();
        CallInAnswer answered = f.callIn(system, key);

        assertThat(answered.accepted()).hasSize(1);
        assertThat(answered.refused()).isEmpty();
        assertThat(answered.revokes()).isEmpty();
        assertThat(pi).hasPassed(CreditRevokeProcess.EVENT_SETTLED_BY_SYSTEM).isEnded();
        assertThat(assignment).hasPassed(CreditAssignmentProcess.EVENT_CREDITS_REVOKED).isEnded();
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKED);
        LedgerEntry last = f.lastEntry(sub);
        assertThat(last.reason()).isEqualTo("revoked");
        assertThat(last.proof()).isEqualTo(answered.accepted().get(0));
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeWhenOnlineSystemStaysSilentThenAnOperatorIsAskedForTheKey() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.onlineSystem("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        f.callIn(system);
        CreditRevocations.Started revoke = revoke(started.assignmentId());
        ProcessInstance pi = pi(revoke.processInstanceId());

        ClockUtil.setCurrentTime(Date.from(f.clock.instant().plus(Duration.ofHours(25))));
        execute(job(pi));

        assertThat(pi).hasPassed(CreditRevokeProcess.TIMER_SYSTEM_SILENT).isWaitingAt(CreditRevokeProcess.USER_TASK_ENTER_KEY);
        assertThat(f.revocations.waitingFor(f.assignment(started.assignmentId()))).isEqualTo(CreditRevocations.Status.AWAITING_REVOKE_KEY);
    }

    @Test
    void revokeWhenDownloadedAndOfflineThenWaitsForRevokeKeyAndAGoodKeyReturnsTheCredits() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignment a = downloadedOffline(system, sub);
        ProcessInstance assignment = pi(a.processInstanceId());

        CreditRevocations.Started revoke = revoke(a.id());
        ProcessInstance pi = pi(revoke.processInstanceId());
        assertThat(revoke.status()).isEqualTo(CreditRevocations.Status.AWAITING_REVOKE_KEY);
        assertThat(pi).isWaitingAt(CreditRevokeProcess.USER_TASK_ENTER_KEY);
        // the task says which HOME system, subscription and account it is about
        assertThat(task(pi)).hasCandidateGroup("operators").hasName("Enter revoke key — Test system (" + system.id() + ", " + sub + ", ACME)");

        String key = f.revokeKey(system, a).sign();
        complete(task(pi), withVariables("revokeKey", key));

        assertThat(pi).hasPassed(CreditRevokeProcess.TASK_VERIFY_KEY).isEnded();
        assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(pi.getId(), assignment.getId()).variableName("revokeKey").count()).isZero();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).variableName("revokeKey").count())
                .as("the key's text stays out of the history").isZero();
        assertThat(history.createHistoricDetailQuery().processInstanceId(pi.getId()).variableUpdates().list())
                .noneMatch(d -> "revokeKey".equals(((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getVariableName()));
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).variableName("revokeKeyAccepted")
                .singleResult().getValue()).as("other variables keep their history").isEqualTo(true);
        assertThat(history.createHistoricDetailQuery().processInstanceId(pi.getId()).count())
                .as("no per-update copies of variables: nobody reads them (EngineHistoryWrites)").isZero();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(pi.getId()).count()).as("steps keep their history").isPositive();
        assertThat(assignment).isEnded();
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKED);
        LedgerEntry last = f.lastEntry(sub);
        assertThat(last.reason()).isEqualTo("revoked");
        assertThat(last.proof()).isEqualTo(f.assignment(a.id()).revokeProof()).isNotEqualTo("never-downloaded");
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeKeyWhenWrongForeignReplayedOrExpiredThenRefusedWithReasonAndTheTaskStays() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        EdgeKeyPair otherSystem = f.system("ACME");
        EdgeKeyPair outsider = EdgeKeyPair.create(system.id()); // same id, another key: a forgery the registered key refuses
        CreditAssignment a = downloadedOffline(system, sub);
        CreditAssignment other = downloadedOffline(system, sub);
        ProcessInstance pi = pi(revoke(a.id()).processInstanceId());
        // a key of this system accepted before (its jti spent): replaying that jti is refused
        String usedKey = f.revokeKey(system, other).sign();
        revoke(other.id());
        f.tx.execute(s -> f.revocations.enterRevokeKey(other.id(), usedKey, "operator"));
        String usedJti = f.assignment(other.id()).revokeProof();
        long available = f.available(sub);
        int ledgerRows = f.entries(sub).size();

        assertRefusedAndWaiting(pi, f.revokeKey(system, other).sign(), "token-unknown-subject");
        assertRefusedAndWaiting(pi, f.revokeKey(otherSystem, a).sign(), "token-unknown-subject");
        assertRefusedAndWaiting(pi, f.revokeKey(system, a).signedBy(outsider).sign(), "token-invalid-signature");
        assertRefusedAndWaiting(pi, tampered(f.revokeKey(system, a).sign()), "token-invalid-signature");
        assertRefusedAndWaiting(pi, f.revokeKey(system, a).claims(c -> c.jwtID(usedJti)).sign(), "token-replayed");
        assertRefusedAndWaiting(pi, f.revokeKey(system, a).issuedAt(f.clock.instant().minus(Duration.ofHours(2))).ttl(Duration.ofMinutes(5)).sign(),
                "token-expired");
        assertRefusedAndWaiting(pi, f.revokeKey(system, a).claims(c -> c.audience("someone-else")).sign(), "token-wrong-audience");
        assertRefusedAndWaiting(pi, f.revokeKey(system, a).claim("file_jti", "another-file").sign(), "token-unknown-subject");
        assertRefusedAndWaiting(pi, f.revokeKey(system, a).type("update+jwt").sign(), "token-wrong-type");
        assertRefusedAndWaiting(pi, "not-a-token", "token-malformed");

        assertThat(f.available(sub)).isEqualTo(available);
        assertThat(f.entries(sub)).hasSize(ledgerRows);
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKING);

        complete(task(pi), withVariables("revokeKey", f.revokeKey(system, a).sign()));
        assertThat(pi).isEnded();
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    /** The same key with another signature: what a forger without the system's private key can make. */
    static String tampered(String token) {
        int dot = token.lastIndexOf('.');
        char c = token.charAt(dot + 5);
        return token.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 6);
    }

    private void assertRefusedAndWaiting(ProcessInstance pi, String key, String code) {
        complete(task(pi), withVariables("revokeKey", key));
        assertThat(pi).isWaitingAt(CreditRevokeProcess.USER_TASK_ENTER_KEY);
        assertThat((String) runtime.getVariable(pi.getId(), "revokeKeyRefusal")).as(code).startsWith(code + ":");
        assertThat(runtime.getVariable(pi.getId(), "revokeKey")).isNull();
    }

    @Test
    void revokeKeyWhenSubscriptionHasEndedThenTheCreditsExpire() {
        Instant endsAt = f.clock.instant().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        String sub = f.subscription("ACME", SubscriptionState.CANCELLED, 100, endsAt);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignment a = downloadedOffline(system, sub);
        String revokePi = revoke(a.id()).processInstanceId();

        // the key arrives in the last second before the timers: the subscription has ended by then
        ClockUtil.setCurrentTime(Date.from(endsAt));
        f.tx.execute(s -> f.revocations.enterRevokeKey(a.id(), f.revokeKey(system, a).sign(), "operator"));

        assertThat(pi(revokePi)).isNull();
        assertThat(pi(a.processInstanceId())).isNull();
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.EXPIRED);
        assertThat(f.lastEntry(sub).reason()).isEqualTo("expired");
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeWhileWaitingForKeyWhenTimeIsUpThenExpiryReturnsTheCreditsOnce() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        Instant autoRevokeAt = f.clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        CreditAssignments.Started started = f.assign(system, sub, 10, autoRevokeAt);
        f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        ProcessInstance assignment = pi(started.processInstanceId());
        execute(job(assignment));
        ProcessInstance pi = pi(revoke(started.assignmentId()).processInstanceId());

        ClockUtil.setCurrentTime(Date.from(autoRevokeAt.plusSeconds(1)));
        execute(job(assignment)); // Timer_AutoRevoke, then Task_ExpireCredits: settles the pending revoke and ends the revoke flow

        assertThat(assignment).isEnded();
        assertThat(pi).hasPassed(CreditRevokeProcess.EVENT_SETTLED_ELSEWHERE).isEnded();
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.entries(sub).stream().filter(e -> started.assignmentId().equals(e.holderId())).map(LedgerEntry::movementId))
                .containsExactly("assign:" + started.assignmentId(), "revoke:" + started.assignmentId(), "expire:" + started.assignmentId());
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeWhenTheKeyNeverComesThenTheRevokesOwnTimerReturnsTheCreditsAtExpiry() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        Instant autoRevokeAt = f.clock.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        CreditAssignments.Started started = f.assign(system, sub, 10, autoRevokeAt);
        f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        ProcessInstance assignment = pi(started.processInstanceId());
        execute(job(assignment)); // Task_IssueCreditFile
        ProcessInstance pi = pi(revoke(started.assignmentId()).processInstanceId());
        assertThat(pi).isWaitingAt(CreditRevokeProcess.USER_TASK_ENTER_KEY);

        ClockUtil.setCurrentTime(Date.from(autoRevokeAt.plusSeconds(1)));
        execute(job(pi)); // Timer_RevokeKeyOverdue, and the ledger step in its job

        assertThat(pi).hasPassedInOrder(CreditRevokeProcess.TIMER_REVOKE_KEY_OVERDUE, CreditRevokeProcess.TASK_EXPIRE_REVOKED).isEnded();
        assertThat(assignment).hasPassed(CreditAssignmentProcess.EVENT_CREDITS_REVOKED).isEnded();
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.entries(sub).stream().filter(e -> started.assignmentId().equals(e.holderId())).map(LedgerEntry::movementId))
                .containsExactly("assign:" + started.assignmentId(), "revoke:" + started.assignmentId(), "expire:" + started.assignmentId());
        LedgerEntry last = f.lastEntry(sub);
        assertThat(last.reason()).isEqualTo("auto-revoke");
        assertThat(last.proof()).isEqualTo("expiry");
        assertThat(last.actor()).isEqualTo(CreditVariables.TIMER_ACTOR);
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeWhenAlreadyRevokedOrInProgressThenConflict() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignment a = downloadedOffline(system, sub);
        revoke(a.id());
        assertThatThrownBy(() -> revoke(a.id())).isInstanceOf(GrantflowException.class)
                .satisfies(e -> assertThat(((GrantflowException) e).code()).isEqualTo("revoke-in-progress"));
        f.tx.execute(s -> f.revocations.enterRevokeKey(a.id(), f.revokeKey(system, a).sign(), "operator"));
        assertThatThrownBy(() -> revoke(a.id())).isInstanceOf(GrantflowException.class)
                .satisfies(e -> assertThat(((GrantflowException) e).code()).isEqualTo("assignment-not-active"));
    }
}
