package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.CallInAnswer;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
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

/** One test per path of {@code credit-assignment}, on the real engine; the ledger chain verifies after each. */
@GrantflowTest
class CreditAssignmentProcessTest {

    @Autowired ProcessEngine processEngine;
    @Autowired RuntimeService runtime;
    @Autowired HistoryService history;
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

    @Test
    void assignWhenSystemOnlineThenFileIsIssuedAtOnceAndDeliveredAtTheNextCallIn() throws Exception {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.onlineSystem("ACME");

        CreditAssignments.Started started = f.assign(system, sub, 10, null);

        ProcessInstance pi = pi(started.processInstanceId());
        assertThat(pi).hasPassedInOrder(CreditAssignmentProcess.TASK_CHECK_SUBSCRIPTION, CreditAssignmentProcess.TASK_RESERVE_CREDITS, CreditAssignmentProcess.TASK_CHECK_SYSTEM_ONLINE,
                CreditAssignmentProcess.TASK_ISSUE_FILE_FOR_CALL_IN).isWaitingAt(CreditAssignmentProcess.GATEWAY_AWAIT_END);
        CreditAssignment a = f.assignment(started.assignmentId());
        assertThat(a.state()).isEqualTo(AssignmentState.DOWNLOADED);
        assertThat(a.downloaded()).isTrue();
        assertThat(a.fileJti()).isNotNull();
        assertThat(a.deliveredAt()).isNull();
        assertThat(f.available(sub)).isEqualTo(90);

        CallInAnswer first = f.callIn(system);
        assertThat(first.creditFiles()).hasSize(1);
        assertThat(SignedJWT.parse(first.creditFiles().get(0)).getJWTClaimsSet().getJWTID()).isEqualTo(a.fileJti());
        assertThat(f.assignment(a.id()).deliveredAt()).isNotNull();
        assertThat(f.callIn(system).creditFiles()).as("a file is delivered once").isEmpty();
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void assignWhenSystemOfflineThenWaitsForDeliveryAndTheDownloadIssuesTheFile() throws Exception {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");

        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        ProcessInstance pi = pi(started.processInstanceId());
        assertThat(pi).isWaitingAt(CreditAssignmentProcess.USER_TASK_DELIVER);
        assertThat(task()).hasCandidateGroup("operators").hasName("Deliver credit file — Test system (" + system.id() + ", " + sub + ", ACME)");
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.ASSIGNED);

        String file = f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        CreditAssignment a = f.assignment(started.assignmentId());
        assertThat(a.state()).isEqualTo(AssignmentState.DOWNLOADED);
        assertThat(a.deliveredAt()).isNotNull();
        Map<String, Object> claims = SignedJWT.parse(file).getJWTClaimsSet().getClaims();
        assertThat(claims).containsEntry("sub", system.id()).containsEntry("jti", a.fileJti());
        assertThat(SignedJWT.parse(file).getHeader().getType().getType()).isEqualTo("credits+jwt");

        execute(job());
        assertThat(pi).hasPassed(CreditAssignmentProcess.USER_TASK_DELIVER, CreditAssignmentProcess.TASK_ISSUE_FILE).isWaitingAt(CreditAssignmentProcess.GATEWAY_AWAIT_END);
        assertThat(f.assignment(a.id()).fileJti()).as("the step after the task issues nothing twice").isEqualTo(a.fileJti());
        assertThat((String) f.tx.execute(s -> f.assignments.download(a.id(), "operator"))).as("the same file again").isEqualTo(file);
        assertThat(f.available(sub)).isEqualTo(90);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void assignWhenOfflineAndOperatorCompletesTheTaskInTasklistThenTheFileIsIssued() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 5, null);
        ProcessInstance pi = pi(started.processInstanceId());

        complete(task(pi));
        execute(job());

        assertThat(pi).isWaitingAt(CreditAssignmentProcess.GATEWAY_AWAIT_END);
        CreditAssignment a = f.assignment(started.assignmentId());
        assertThat(a.state()).isEqualTo(AssignmentState.DOWNLOADED);
        assertThat(a.deliveredAt()).as("the operator hands the file over").isNotNull();
        assertThat(f.assignments.creditFile(a.id())).isNotBlank();
    }

    @Test
    void autoRevokeWhenTimeIsUpThenCreditsReturnWithoutRevokeKey() throws Exception {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.onlineSystem("ACME");
        Instant autoRevokeAt = f.clock.instant().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        CreditAssignments.Started started = f.assign(system, sub, 10, autoRevokeAt);
        ProcessInstance pi = pi(started.processInstanceId());
        CreditAssignment a = f.assignment(started.assignmentId());
        String file = f.callIn(system).creditFiles().get(0);
        assertThat(SignedJWT.parse(file).getJWTClaimsSet().getExpirationTime().toInstant()).as("the file expires then").isEqualTo(autoRevokeAt);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) SignedJWT.parse(file).getJWTClaimsSet().getClaim("assignments");
        assertThat(((Number) entries.get(0).get("expires_at")).longValue()).isEqualTo(autoRevokeAt.getEpochSecond());

        ClockUtil.setCurrentTime(Date.from(autoRevokeAt.plusSeconds(1)));
        execute(job(pi)); // Timer_AutoRevoke, and Task_ExpireCredits in the same job
        assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count())
                .as("no second job for the return").isZero();

        assertThat(pi).hasPassed(CreditAssignmentProcess.TIMER_AUTO_REVOKE, CreditAssignmentProcess.TASK_EXPIRE_CREDITS).isEnded();
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.available(sub)).isEqualTo(100);
        LedgerEntry last = f.lastEntry(sub);
        assertThat(last.reason()).isEqualTo("auto-revoke");
        assertThat(last.proof()).isEqualTo("expiry");
        assertThat(last.holderId()).isEqualTo(a.id());
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void assignFromCancelledSubscriptionThenWarnsAndCreditsExpireAtItsEnd() {
        Instant endsAt = f.clock.instant().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        String sub = f.subscription("ACME", SubscriptionState.CANCELLED, 100, endsAt);
        EdgeKeyPair system = f.onlineSystem("ACME");

        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        assertThat(started.warning()).startsWith("subscription-cancelled");
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(started.processInstanceId())
                .variableName("warning").singleResult().getValue()).isEqualTo(started.warning());
        assertThat(f.assignment(started.assignmentId()).expiresAt()).isEqualTo(endsAt);
        f.callIn(system);
        ProcessInstance pi = pi(started.processInstanceId());

        ClockUtil.setCurrentTime(Date.from(endsAt.plusSeconds(1)));
        execute(job(pi)); // Timer_AutoRevoke and the return

        assertThat(pi).hasPassed(CreditAssignmentProcess.TIMER_AUTO_REVOKE, CreditAssignmentProcess.TASK_EXPIRE_CREDITS).isEnded();
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.EXPIRED);
        LedgerEntry last = f.lastEntry(sub);
        assertThat(last.reason()).isEqualTo("subscription-ended");
        assertThat(last.proof()).isEqualTo("expiry");
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void assignOfflineWhenNeverDownloadedAndTimeIsUpThenCreditsReturn() {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        Instant autoRevokeAt = f.clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        CreditAssignments.Started started = f.assign(system, sub, 10, autoRevokeAt);
        ProcessInstance pi = pi(started.processInstanceId());
        // Every variable is a row written at the start and deleted at the end (and kept in history): only those the
        // steps, the timer and the task's form read. autoRevokeAt is in Grantflow's row; the timer reads expiresAt.
        assertThat(runtime.getVariables(pi.getId()).keySet()).as("the waiting flow's variables")
                .containsExactlyInAnyOrder("assignmentId", "systemId", "subscriptionId", "credits", "expiresAt", "actor",
                        "systemOnline", "systemLabel", "accountId");

        ClockUtil.setCurrentTime(Date.from(autoRevokeAt.plusSeconds(1)));
        execute(job(pi)); // Timer_DeliveryExpired, and Task_ReturnUndeliveredCredits in the same job

        assertThat(pi).hasPassed(CreditAssignmentProcess.TIMER_DELIVERY_EXPIRED, CreditAssignmentProcess.TASK_RETURN_UNDELIVERED).isEnded();
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.lastEntry(sub).proof()).isEqualTo("never-downloaded");
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void assignWhenRefusedThenNothingRemains() {
        String sub = f.subscription(10);
        String inactive = f.subscription("ACME", SubscriptionState.INACTIVE, 100, f.clock.instant().plus(Duration.ofDays(10)));
        String ended = f.subscription("ACME", SubscriptionState.CANCELLED, 100, f.clock.instant().minus(Duration.ofDays(1)));
        String globex = f.subscription("GLOBEX", SubscriptionState.ACTIVE, 100, f.clock.instant().plus(Duration.ofDays(10)));
        EdgeKeyPair system = f.system("ACME");
        int rows = f.assignmentRows();
        long instances = runtime.createProcessInstanceQuery().processDefinitionKey(CreditAssignmentProcess.PROCESS).count();
        int ledgerRows = f.entries(sub).size();

        assertRefused(() -> f.assign(system, sub, 11, null), "insufficient-credits");
        assertRefused(() -> f.assign(system, inactive, 1, null), "subscription-not-active");
        assertRefused(() -> f.assign(system, ended, 1, null), "subscription-not-active");
        assertRefused(() -> f.assign(system, globex, 1, null), "account-mismatch");

        assertThat(f.assignmentRows()).isEqualTo(rows);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CreditAssignmentProcess.PROCESS).count()).isEqualTo(instances);
        assertThat(f.entries(sub)).hasSize(ledgerRows);
        assertThat(f.available(sub)).isEqualTo(10);
    }

    private static void assertRefused(Runnable start, String code) {
        assertThatThrownBy(start::run).isInstanceOf(GrantflowException.class)
                .satisfies(e -> assertThat(((GrantflowException) e).code()).isEqualTo(code));
    }
}
