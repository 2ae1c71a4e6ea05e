package io.grantflow.activation;

import static io.grantflow.activation.SaveGuardsContract.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.GrantflowTest;
import io.grantflow.tokens.EdgeKeys;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * remote-activation-disconnect, every path: never applied → seats back at once (here); applied → in flight until the
 * installation's disconnect proof or the expiry of what it holds, a wrong proof changing nothing ({@link DisconnectProofContract},
 * on H2 here and on PostgreSQL).
 */
@GrantflowTest
class RemoteActivationDisconnectProcessTest implements DisconnectProofContract {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ActivationFixture fx;
    @Autowired
    EdgeKeys edgeKeys;
    @Autowired
    LedgerVerifier verifier;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Override
    public ActivationFixture fx() {
        return fx;
    }

    @Override
    public LedgerVerifier verifier() {
        return verifier;
    }

    @Test
    void disconnectWhenNeverAppliedThenSeatsBackAtOnceAndNoTokenServed() {
        String lic = fx.license(30);
        Act act = fx.add(lic, 10, fx.now().plus(Duration.ofDays(100)));
        String lifecycle = fx.lifecycle(act.id());

        String disconnect = fx.disconnect(act);

        assertThat(pi(disconnect)).isNull();
        assertThat(fx.runtime.createProcessInstanceQuery().processInstanceId(act.processInstanceId()).count()).isZero();
        assertThat(fx.runtime.createProcessInstanceQuery().processInstanceId(lifecycle).count()).isZero();
        assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(disconnect).activityId(WAIT).count()).isZero();
        RemoteActivation a = fx.activations.get(act.id());
        assertThat(a.state()).isEqualTo(ActivationState.DISCONNECTED);
        assertThat(a.awaitsDisconnectProof()).isFalse();
        assertThat(fx.licenses.get(lic).available()).isEqualTo(30);
        assertThat(fx.licenses.get(lic).inFlight()).isZero();
        assertThat(edgeKeys.find(act.key().id()).orElseThrow().disabled()).isTrue();
        assertThatThrownBy(a::requireTokensServed).satisfies(e -> assertThat(code(e)).isEqualTo("activation-not-active"));
        assertThat(verifier.verifyPool(lic).broken()).isEmpty();
    }

    @Test
    void disconnectProofOfALiveActivationIsRefused() {
        String lic = fx.license(30);
        Act act = fx.active(lic, 10);

        assertThatThrownBy(() -> fx.disconnectProof(act)).satisfies(e -> assertThat(code(e)).isEqualTo("disconnect-proof-not-awaited"));
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(10);
    }

    @Test
    void disconnectDuringAReductionKeepsEverythingTheInstallationMayHoldInFlightAndWantsTheNewestToken() {
        String lic = fx.license(30);
        Act act = fx.active(lic, 10);
        String addToken = fx.activations.get(act.id()).currentConnectionJti();
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(update.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 7L));
        fx.runJobs(update.processInstanceId());
        fx.completeAs("operator2", fx.task(update.processInstanceId(), "UserTask_ConfirmReduction"), Map.of("approved", true));
        fx.runJobs(update.processInstanceId());
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(3);

        String disconnect = fx.disconnect(act);

        assertThat(pi(disconnect)).isWaitingAt(WAIT);
        assertThat(fx.runtime.createProcessInstanceQuery().processInstanceId(update.processInstanceId()).count()).isZero();
        assertThat(fx.updates.get(update.updateId()).status()).isEqualTo(UpdateStatus.REJECTED);
        // the installation may still run on the add's token (10 seats): all ten wait
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(10);
        assertThat(fx.activations.get(act.id()).disconnectInFlightSeats()).isEqualTo(10);
        assertThat(verifier.verifyPool(lic).broken()).isEmpty();
        assertThatThrownBy(() -> fx.disconnectProofs.receive(act.id(), null, fx.disconnectProofToken(act).claim("connection_jti", addToken).sign()))
                .satisfies(e -> assertThat(code(e)).isEqualTo("disconnect-proof-stale"));

        fx.disconnectProof(act);

        assertThat(pi(disconnect)).isNull();
        assertThat(fx.licenses.get(lic).inFlight()).isZero();
        assertThat(fx.licenses.get(lic).available()).isEqualTo(30);
        assertThat(verifier.verifyPool(lic).broken()).isEmpty();
    }

    @Test
    void disconnectKeepsTheKeyWhileAnotherActivationOfTheInstallationLivesAndRefusesWithActivationNotActive() {
        String lic = fx.license(30);
        Act first = fx.add(lic, 4, fx.now().plus(Duration.ofDays(30)));
        // a second activation of the same installation, from another license of the account
        String lic2 = fx.license(10);
        RemoteActivations.Started second = fx.tx.execute(s -> fx.activations.add(lic2, first.key().id(), first.key().publicJwk(), 2,
                fx.now().plus(Duration.ofDays(30)), "operator"));

        fx.disconnect(first);

        assertThat(edgeKeys.find(first.key().id()).orElseThrow().disabled()).isFalse();
        assertThat(fx.activations.get(second.activationId()).state()).isEqualTo(ActivationState.PENDING);
        assertThatThrownBy(() -> fx.startUpdate(first))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("activation-not-active"));
        assertThatThrownBy(() -> fx.tx.execute(s -> fx.activations.startDisconnect(first.id(), "operator")))
                .isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("activation-not-active"));
        assertThat(fx.licenses.get(lic).available()).isEqualTo(30);
    }
}
