package io.grantflow.activation;

import static io.grantflow.activation.SaveGuardsContract.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.support.EdgeKeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seats of a disconnected activation whose installation applied a connection token stay in flight (held by the
 * waiting disconnect flow) until the installation's accepted disconnect proof or the expiry of what it holds: a wrong
 * proof, a message sent by admin's engine power or a timer executed early moves nothing, and the flow keeps waiting.
 * Run on H2 and PostgreSQL.
 */
interface DisconnectProofContract {

    String WAIT = "ReceiveTask_WaitForDisconnectProof";

    ActivationFixture fx();

    LedgerVerifier verifier();

    @AfterEach
    default void resetClock() {
        ClockUtil.reset();
    }

    default ProcessInstance pi(String id) {
        return fx().runtime.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    default boolean keyDisabled(Act act) {
        return fx().count("SELECT COUNT(*) FROM gf_edge_key WHERE edge_id = '" + act.key().id() + "' AND disabled_at IS NOT NULL") == 1;
    }

    @Test
    default void disconnectWhenAppliedThenSeatsWaitInFlightUntilTheDisconnectProof() {
        String lic = fx().license(30);
        Act act = fx().active(lic, 10);
        String lifecycle = fx().lifecycle(act.id());

        String disconnect = fx().disconnect(act);

        assertThat(pi(disconnect)).isWaitingAt(WAIT).hasVariables("activationId");
        assertThat(pi(disconnect).getBusinessKey()).isEqualTo(act.id());
        RemoteActivation a = fx().activations.get(act.id());
        assertThat(a.state()).isEqualTo(ActivationState.DISCONNECTED);
        assertThat(a.disconnectInFlightSeats()).isEqualTo(10);
        assertThat(fx().licenses.get(lic).allocated()).isZero();
        assertThat(fx().licenses.get(lic).inFlight()).isEqualTo(10);
        assertThat(fx().licenses.get(lic).available()).isEqualTo(20);
        assertThat(fx().runtime.createProcessInstanceQuery().processInstanceId(lifecycle).count()).isZero();
        // the installation signs its proof with its key: it stays accepted until the seats are settled
        assertThat(keyDisabled(act)).isFalse();
        assertThatThrownBy(a::requireTokensServed).satisfies(e -> assertThat(code(e)).isEqualTo("activation-not-active"));
        assertThatThrownBy(() -> fx().receipt(act)).satisfies(e -> assertThat(code(e)).isEqualTo("activation-not-active"));
        assertThat(verifier().verifyPool(lic).broken()).isEmpty();

        ActivationDisconnectProofs.Accepted accepted = fx().disconnectProof(act);

        assertThat(accepted.seatsReleased()).isEqualTo(10);
        assertThat(pi(disconnect)).isNull();
        assertThat(fx().passed(disconnect, "Task_ReleaseSeatsOnProof")).isEqualTo(1);
        assertThat(fx().licenses.get(lic).inFlight()).isZero();
        assertThat(fx().licenses.get(lic).available()).isEqualTo(30);
        assertThat(fx().activations.get(act.id()).awaitsDisconnectProof()).isFalse();
        assertThat(fx().ledger.entries(lic, act.id(), null, null)).last()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("disconnect-proof"))
                .satisfies(e -> assertThat(e.proof()).isEqualTo(accepted.proofJti()));
        assertThat(keyDisabled(act)).isTrue();
        assertThat(verifier().verifyPool(lic).broken()).isEmpty();
    }

    @Test
    default void disconnectWhenAppliedAndNoProofThenSeatsBackAtTheExpiryOfWhatItHolds() {
        String lic = fx().license(30);
        Instant expiresAt = fx().now().plus(Duration.ofDays(40));
        Act act = fx().active(lic, 10, expiresAt);
        String disconnect = fx().disconnect(act);
        assertThat(pi(disconnect)).isWaitingAt(WAIT);

        // the timer fired early (a job executed by hand) fails in its own job and nothing moves
        String timer = fx().management.createJobQuery().processInstanceId(disconnect).activityId("Timer_HeldTokensExpired").singleResult().getId();
        assertThatThrownBy(() -> fx().management.executeJob(timer)).satisfies(e -> assertThat(code(e)).isEqualTo("too-early"));
        assertThat(pi(disconnect)).isWaitingAt(WAIT);
        assertThat(fx().licenses.get(lic).inFlight()).isEqualTo(10);

        ClockUtil.setCurrentTime(Date.from(expiresAt.plusSeconds(1)));
        fx().runJobs(disconnect);

        assertThat(pi(disconnect)).isNull();
        assertThat(fx().passed(disconnect, "Task_ReleaseSeatsOnExpiry")).isEqualTo(1);
        assertThat(fx().licenses.get(lic).inFlight()).isZero();
        assertThat(fx().licenses.get(lic).available()).isEqualTo(30);
        assertThat(fx().ledger.entries(lic, act.id(), null, null)).last()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("disconnect-expired"));
        assertThat(keyDisabled(act)).isTrue();
        assertThat(verifier().verifyPool(lic).broken()).isEmpty();
    }

    @Test
    default void wrongDisconnectProofsAreRefusedAndTheFlowKeepsWaiting() {
        String lic = fx().license(30);
        Act act = fx().active(lic, 10);
        EdgeKeyPair stranger = EdgeKeyPair.create("INST-stranger");
        String disconnect = fx().disconnect(act);
        ActivationFixture.Snapshot before = fx().snapshot(act);

        Map<String, String> wrong = new java.util.LinkedHashMap<>();
        wrong.put("token-invalid-signature", fx().disconnectProofToken(act).signedBy(stranger).sign());
        wrong.put("token-wrong-type", fx().disconnectProofToken(act).type("receipt+jwt").sign());
        wrong.put("token-expired", fx().disconnectProofToken(act).issuedAt(fx().now().minus(Duration.ofDays(8))).ttl(Duration.ofDays(7)).sign());
        wrong.put("token-malformed", "not-a-token");
        wrong.put("disconnect-proof-stale", fx().disconnectProofToken(act).claim("connection_jti", "some-older-token").sign());
        wrong.forEach((expected, token) -> assertThatThrownBy(() -> fx().disconnectProofs.receive(act.id(), null, token))
                .as(expected).satisfies(e -> assertThat(code(e)).isEqualTo(expected)));
        // a proof posted to another activation's path, or by a caller other than its signer
        assertThatThrownBy(() -> fx().disconnectProofs.receive("RA-other", null, fx().disconnectProofToken(act).sign()))
                .satisfies(e -> assertThat(code(e)).isEqualTo("token-unknown-subject"));
        assertThatThrownBy(() -> fx().disconnectProofs.receive(null, "INST-someone-else", fx().disconnectProofToken(act).sign()))
                .satisfies(e -> assertThat(code(e)).isEqualTo("token-unknown-subject"));

        assertThat(fx().snapshot(act)).isEqualTo(before);
        assertThat(pi(disconnect)).isWaitingAt(WAIT);

        String proof = fx().disconnectProofToken(act).sign();
        fx().disconnectProofs.receive(act.id(), null, proof);
        assertThat(pi(disconnect)).isNull();
        assertThatThrownBy(() -> fx().disconnectProofs.receive(act.id(), null, proof)).satisfies(e -> assertThat(code(e)).isIn(
                "token-replayed", "token-unknown-key"));
        assertThat(fx().licenses.get(lic).available()).isEqualTo(30);
    }

    @Test
    default void forgedProofMessageIsRefusedAndTheRealProofStillLands() {
        String lic = fx().license(30);
        Act act = fx().active(lic, 10);
        String disconnect = fx().disconnect(act);

        assertThatThrownBy(() -> fx().runtime.createMessageCorrelation(ActivationVariables.MSG_DISCONNECT_PROOF_ACCEPTED)
                .processInstanceId(disconnect).setVariable(ActivationVariables.DISCONNECT_PROOF_JTI, "forged").correlate())
                .satisfies(e -> assertThat(code(e)).isEqualTo("disconnect-proof-missing"));

        assertThat(pi(disconnect)).isWaitingAt(WAIT);
        assertThat(fx().licenses.get(lic).inFlight()).isEqualTo(10);
        fx().disconnectProof(act);
        assertThat(pi(disconnect)).isNull();
        assertThat(fx().licenses.get(lic).available()).isEqualTo(30);
    }
}
