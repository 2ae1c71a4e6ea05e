package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An installation's {@code receipt+jwt}: proof it applied a connection token. It is verified, its jti spent and the
 * waiting flow moved on in one transaction; a refused receipt changes nothing.
 */
@Service
@RequiredArgsConstructor
class ActivationReceipts {

    private final EdgeTokens edgeTokens;
    private final RemoteActivationRepository activations;
    private final ActivationUpdateRepository updates;
    private final RuntimeService runtime;
    private final TransactionTemplate tx;

    public record Accepted(String activationId, String updateId, String connectionJti, String receiptJti) {
    }

    /**
     * @param activationId the activation the receipt was posted to, or null (call-in: the token's sub)
     * @param installationId the authenticated caller (call-in), or null (the token's signature is the proof)
     */
    public Accepted receive(String activationId, String installationId, String compact) {
        return tx.execute(s -> edgeTokens.accept(compact, TokenType.RECEIPT,
                token -> InstallationTokenSubject.activation(activations, token, activationId, installationId, "receipt"),
                (token, found) -> apply(token, found.id())));
    }


    /** Marks the connection token applied and tells the flow waiting for it; the receipt is spent against that flow. */
    private EdgeTokens.Used<Accepted> apply(VerifiedToken token, String id) {
        String connectionJti = token.stringClaim("connection_jti");
        RemoteActivation a = activations.lock(id);
        if (!a.state().live()) {
            throw ActivationRefusals.notActive(a);
        }
        if (!connectionJti.equals(a.currentConnectionJti())) {
            throw stale("The receipt names connection token " + connectionJti + ", not the activation's newest one");
        }
        if (connectionJti.equals(a.appliedConnectionJti())) {
            throw stale("Connection token " + connectionJti + " was applied before");
        }
        ActivationUpdate update = updates.byConnectionJti(connectionJti).orElse(null);
        String processInstanceId = update == null ? a.processInstanceId() : update.processInstanceId();
        activations.markApplied(a.id(), connectionJti, token.jti());
        try {
            runtime.createMessageCorrelation(ActivationVariables.MSG_CONNECTION_TOKEN_APPLIED)
                    .processInstanceId(processInstanceId)
                    .setVariable(ActivationVariables.RECEIPT_JTI, token.jti())
                    .correlate();
        } catch (MismatchingMessageCorrelationException e) {
            throw stale("No flow of activation " + a.id() + " waits for this receipt any more");
        }
        return EdgeTokens.Used.in(processInstanceId, new Accepted(a.id(), update == null ? null : update.id(), connectionJti, token.jti()));
    }

    private static GrantflowException stale(String detail) {
        return Refusal.RECEIPT_STALE.exception(detail);
    }
}
