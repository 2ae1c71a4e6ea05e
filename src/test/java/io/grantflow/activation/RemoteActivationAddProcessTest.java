package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.TokenVerifier;
import io.grantflow.tokens.VerifiedToken;
import java.time.Duration;
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
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** remote-activation-add: one test per path. */
@GrantflowTest
@RecordApplicationEvents
class RemoteActivationAddProcessTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ActivationFixture fx;
    @Autowired
    TokenVerifier verifier;
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

    ProcessInstance pi(Act act) {
        return runtime.createProcessInstanceQuery().processInstanceId(act.processInstanceId()).singleResult();
    }

    @Test
    void addAllocatesIssuesTheTokenAndIsActiveOnReceipt() {
        String lic = fx.license(50);
        Act act = fx.add(lic, 12, fx.now().plus(Duration.ofDays(90)));
        ProcessInstance pi = pi(act);

        assertThat(pi).isWaitingAt("ReceiveTask_WaitForReceipt");
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.PENDING);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(12);
        assertThat(fx.lifecycle(act.id())).isNotNull();
        String compact = fx.tx.execute(s -> fx.jdbc.queryForObject("SELECT compact FROM gf_token_record WHERE jti = ?", String.class,
                fx.activations.get(act.id()).currentConnectionJti()));
        VerifiedToken token = verifier.verifyOwn(compact, TokenType.CONNECTION, act.key().id());
        assertThat(token.subject()).isEqualTo(act.id());
        assertThat(token.longClaim("seats")).isEqualTo(12);
        assertThat(token.stringClaim("nonce")).isEqualTo("add:" + act.id());
        assertThat(token.stringClaim("license")).isEqualTo(lic);
        assertThat(token.longClaim("activation_exp")).isEqualTo(fx.activations.get(act.id()).expiresAt().getEpochSecond());

        fx.receipt(act);
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassedInOrder("Task_AllocateSeats", "Task_IssueConnectionToken", "Task_StartLifecycle",
                "ReceiveTask_WaitForReceipt", "Task_Activate").isEnded();
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
    }

    @Test
    void addAboveThePoolIsRefusedAndCreatesNothing() {
        String lic = fx.license(10);
        long flows = runtime.createProcessInstanceQuery().count();
        EdgeKeyPair key = EdgeKeyPair.create("INST-over");

        assertThatThrownBy(() -> fx.tx.execute(s -> fx.activations.add(lic, key.id(), key.publicJwk(), 11, fx.now().plus(Duration.ofDays(9)), "operator")))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("seats-exceed-license"));

        assertThat(fx.licenses.get(lic).available()).isEqualTo(10);
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(flows);
        assertThat(fx.count("SELECT COUNT(*) FROM gf_remote_activation WHERE license_id = '" + lic + "'")).isZero();
    }

    @Test
    void receiptNeverArrivesThenAnOperatorFollowsUp() {
        String lic = fx.license(50);
        Act act = fx.add(lic, 3, fx.now().plus(Duration.ofDays(90)));
        ProcessInstance pi = pi(act);

        ClockUtil.setCurrentTime(Date.from(fx.now().plus(Duration.ofDays(14)).plusSeconds(1)));
        fx.runJobs(pi.getId());

        assertThat(pi).isWaitingAt("ReceiveTask_WaitForReceipt", "UserTask_FollowUpNotApplied");
        assertThat(events.stream(ConnectionTokenNotApplied.class)).anySatisfy(e -> assertThat(e.activationId()).isEqualTo(act.id()));

        fx.completeAs("operator", fx.task(pi.getId(), "UserTask_FollowUpNotApplied"), java.util.Map.of("followUpNote", "called them"));
        assertThat(pi).isWaitingAt("ReceiveTask_WaitForReceipt");

        fx.receipt(act);
        fx.runJobs(pi.getId());
        assertThat(pi).isEnded();
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
    }
}
