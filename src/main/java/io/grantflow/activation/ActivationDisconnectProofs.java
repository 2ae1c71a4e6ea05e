package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.Claims;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An installation's {@code disconnect+jwt}: proof it dropped a disconnected activation's connection token. It is
 * verified, its jti spent and the waiting disconnect flow moved on in one transaction; a refused proof changes
 * nothing and the flow keeps waiting.
 */
@Service
@RequiredArgsConstructor
class ActivationDisconnectProofs {

    private final EdgeTokens edgeTokens;
    private final RemoteActivationRepository activations;
    private final RuntimeService runtime;
    private final TransactionTemplate tx;

    public record Accepted(String activationId, String connectionJti, String proofJti, long seatsReleased) {
    }

    /**
     * @param activationId the activation the proof was posted to, or null (call-in: the token's sub)
     * @param installationId the authenticated caller (call-in), or null (the token's signature is the proof)
     */
    public Accepted receive(String activationId, String installationId, String compact) {
        return tx.execute(s -> edgeTokens.accept(compact, TokenType.DISCONNECT,
                token -> InstallationTokenSubject.activation(activations, token, activationId, installationId, "disconnect proof"),
                (token, found) -> apply(token, found.id())));
    }

    /** Records the proof and tells the disconnect flow waiting for it; the proof is spent against that flow. */
    private EdgeTokens.Used<Accepted> apply(VerifiedToken token, String id) {
        String connectionJti = token.stringClaim(Claims.CONNECTION_JTI);
        RemoteActivation a = activations.lock(id);
        if (!a.awaitsDisconnectProof()) {
            throw Refusal.DISCONNECT_PROOF_NOT_AWAITED.exception("Remote activation " + a.id() + " is " + a.state()
                    + (a.state().live() ? "; disconnect it first" : " and holds no seats in flight; nothing awaits a disconnect proof"));
        }
        // The newest token decides: a proof for an older one says nothing about the token the installation may run on.
        if (!connectionJti.equals(a.currentConnectionJti())) {
            throw Refusal.DISCONNECT_PROOF_STALE.exception("The disconnect proof names connection token " + connectionJti
                    + ", not the activation's newest one");
        }
        String processInstanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(a.id())
                .processDefinitionKey(ActivationProcesses.Disconnect.KEY).active().list().stream()
                .map(pi -> pi.getId()).findFirst().orElse(null);
        if (processInstanceId == null) {
            throw Refusal.DISCONNECT_PROOF_NOT_AWAITED.exception("No disconnect flow of activation " + a.id() + " waits for a proof");
        }
        activations.recordDisconnectProof(a.id(), token.jti());
        try {
            runtime.createMessageCorrelation(ActivationVariables.MSG_DISCONNECT_PROOF_ACCEPTED)
                    .processInstanceId(processInstanceId)
                    .setVariable(ActivationVariables.DISCONNECT_PROOF_JTI, token.jti())
                    .correlate();
        } catch (MismatchingMessageCorrelationException e) {
            throw Refusal.DISCONNECT_PROOF_NOT_AWAITED.exception("The disconnect flow of activation " + a.id()
                    + " does not wait for a proof any more");
        }
        return EdgeTokens.Used.in(processInstanceId, new Accepted(a.id(), connectionJti, token.jti(), a.disconnectInFlightSeats()));
    }
}
