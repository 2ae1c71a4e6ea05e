package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.GrantflowTest;
import io.grantflow.tokens.EdgeKeys;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** remote-activation-disconnect: seats back, other flows ended, the activation's tokens refused. */
@GrantflowTest
class RemoteActivationDisconnectProcessTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    HistoryService history;
    @Autowired
    ActivationFixture fx;
    @Autowired
    EdgeKeys edgeKeys;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void disconnectReturnsHeldAndInFlightSeatsEndsTheUpdateAndRefusesTheTokens() {
        String lic = fx.license(30);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(update.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 7L));
        fx.runJobs(update.processInstanceId());
        fx.completeAs("operator2", fx.task(update.processInstanceId(), "UserTask_ConfirmReduction"), Map.of("approved", true));
        fx.runJobs(update.processInstanceId());
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(3);
        String lifecycle = fx.lifecycle(act.id());

        RemoteActivations.Started started = fx.tx.execute(s -> fx.activations.startDisconnect(act.id(), "operator"));

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(started.processInstanceId()).singleResult().getEndTime())
                .isNotNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(started.processInstanceId())
                .activityId("Task_DisableInstallationKey").count()).isEqualTo(1);
        RemoteActivation a = fx.activations.get(act.id());
        assertThat(a.state()).isEqualTo(ActivationState.DISCONNECTED);
        License license = fx.licenses.get(lic);
        assertThat(license.allocated()).isZero();
        assertThat(license.inFlight()).isZero();
        assertThat(license.available()).isEqualTo(30);
        assertThat(fx.runtime.createProcessInstanceQuery().processInstanceId(update.processInstanceId()).count()).isZero();
        assertThat(fx.runtime.createProcessInstanceQuery().processInstanceId(lifecycle).count()).isZero();
        assertThat(fx.updates.get(update.updateId()).status()).isEqualTo(UpdateStatus.REJECTED);
        assertThat(edgeKeys.find(act.key().id()).orElseThrow().disabled()).isTrue();

        assertThatThrownBy(() -> fx.receipt(act))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("token-unknown-key"));
        assertThatThrownBy(() -> fx.tx.execute(s -> fx.activations.startDisconnect(act.id(), "operator")))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("activation-not-active"));
    }

    @Test
    void disconnectKeepsTheKeyWhileAnotherActivationOfTheInstallationLivesAndRefusesWithActivationNotActive() {
        String lic = fx.license(30);
        Act first = fx.active(lic, 4);
        // a second activation of the same installation, from another license of the account
        String lic2 = fx.license(10);
        RemoteActivations.Started second = fx.tx.execute(s -> fx.activations.add(lic2, first.key().id(), first.key().publicJwk(), 2,
                fx.now().plus(java.time.Duration.ofDays(30)), "operator"));

        fx.tx.execute(s -> fx.activations.startDisconnect(first.id(), "operator"));

        assertThat(edgeKeys.find(first.key().id()).orElseThrow().disabled()).isFalse();
        assertThat(fx.activations.get(second.activationId()).state()).isEqualTo(ActivationState.PENDING);
        assertThatThrownBy(() -> fx.startUpdate(first))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("activation-not-active"));
        assertThat(fx.licenses.get(lic).available()).isEqualTo(30);
    }
}
