package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.TokenRecords;
import org.springframework.stereotype.Component;

/**
 * Proof from the database that the installation applied a connection token: the token registry's accepted receipt,
 * never a process variable or a message (anyone who can correlate a message can announce one).
 */
@Component
@RequiredArgsConstructor
class ReceiptProof {

    private final RemoteActivationRepository activations;
    private final TokenRecords records;

    /**
     * The jti of the accepted receipt that proves {@code connectionJti} applied, the activation's newest connection
     * token; refused ({@code receipt-missing}) unless the token registry holds that receipt from this installation.
     */
    String require(RemoteActivation a, String connectionJti) {
        String receipt = activations.appliedReceiptJti(a.id());
        boolean proven = connectionJti != null && connectionJti.equals(a.currentConnectionJti())
                && connectionJti.equals(a.appliedConnectionJti())
                && records.accepted(a.installationId(), receipt, TokenType.RECEIPT, a.id());
        if (!proven) {
            throw Refusal.RECEIPT_MISSING.exception("No accepted receipt for connection token " + connectionJti
                    + " of activation " + a.id() + ": nothing moves until the installation's receipt arrives");
        }
        return receipt;
    }
}
