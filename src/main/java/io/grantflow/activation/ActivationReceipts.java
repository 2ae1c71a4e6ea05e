package io.grantflow.activation;

import io.grantflow.shared.GrantflowException;
import io.grantflow.tokens.TokenRecords;
import io.grantflow.tokens.TokenType;
import io.grantflow.tokens.TokenVerifier;
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
public class ActivationReceipts {

    private final TokenVerifier verifier;
    private final TokenRecords records;
    private final RemoteActivations activations;
    private final ActivationUpdates updates;
    private final RuntimeService runtime;
    private final TransactionTemplate tx;

    ActivationReceipts(TokenVerifier verifier, TokenRecords records, RemoteActivations activations, ActivationUpdates updates,
            RuntimeService runtime, TransactionTemplate tx) {
        this.verifier = verifier;
        this.records = records;
        this.activations = activations;
        this.updates = updates;
        this.runtime = runtime;
        this.tx = tx;
    }

    public record Accepted(String activationId, String updateId, String connectionJti, String receiptJti) {
    }

    /**
     * @param activationId the activation the receipt was posted to, or null (call-in: the token's sub)
     * @param installationId the authenticated caller (call-in), or null (the token's signature is the proof)
     */
    public Accepted receive(String activationId, String installationId, String compact) {
        VerifiedToken token = verifier.verifyFromEdge(compact, TokenType.RECEIPT);
        String id = activationId == null ? token.subject() : activationId;
        if (!token.subject().equals(id)) {
            throw verifier.refuse(token, "token-unknown-subject", "The receipt is about '" + token.subject() + "', not '" + id + "'");
        }
        if (installationId != null && !installationId.equals(token.issuer())) {
            throw verifier.refuse(token, "token-unknown-subject", "The receipt was signed by another installation than the caller");
        }
        RemoteActivation found = activations.find(id)
                .orElseThrow(() -> verifier.refuse(token, "token-unknown-subject", "No remote activation '" + id + "'"));
        if (!found.installationId().equals(token.issuer())) {
            throw verifier.refuse(token, "token-unknown-subject",
                    "Remote activation '" + id + "' does not belong to installation '" + token.issuer() + "'");
        }
        String connectionJti = token.stringClaim("connection_jti");
        return tx.execute(s -> {
            RemoteActivation a = activations.lock(id);
            if (!a.state().live()) {
                throw RemoteActivations.notActive(a);
            }
            if (!connectionJti.equals(a.currentConnectionJti())) {
                throw stale("The receipt names connection token " + connectionJti + ", not the activation's newest one");
            }
            if (connectionJti.equals(a.appliedConnectionJti())) {
                throw stale("Connection token " + connectionJti + " was applied before");
            }
            ActivationUpdate update = updates.byConnectionJti(connectionJti).orElse(null);
            String processInstanceId = update == null ? a.processInstanceId() : update.processInstanceId();
            records.accept(token, processInstanceId);
            activations.markApplied(a.id(), connectionJti, token.jti());
            try {
                runtime.createMessageCorrelation(ActivationVariables.MSG_CONNECTION_TOKEN_APPLIED)
                        .processInstanceId(processInstanceId)
                        .setVariable(ActivationVariables.RECEIPT_JTI, token.jti())
                        .correlate();
            } catch (MismatchingMessageCorrelationException e) {
                throw stale("No flow of activation " + a.id() + " waits for this receipt any more");
            }
            return new Accepted(a.id(), update == null ? null : update.id(), connectionJti, token.jti());
        });
    }

    private static GrantflowException stale(String detail) {
        return GrantflowException.conflict("receipt-stale", detail);
    }
}
