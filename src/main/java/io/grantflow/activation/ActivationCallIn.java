package io.grantflow.activation;

import io.grantflow.edge.CallIn;
import io.grantflow.edge.CallInAnswer;
import io.grantflow.edge.CallInHandler;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.tokens.TokenRecords;
import org.springframework.stereotype.Component;

/**
 * An installation's call-in: its receipts are handled one by one (each in its own transaction, a refused one
 * does not undo the others), and connection tokens it has not yet applied go back to it.
 */
@Component
class ActivationCallIn implements CallInHandler {

    private final ActivationReceipts receipts;
    private final RemoteActivations activations;
    private final TokenRecords tokens;

    ActivationCallIn(ActivationReceipts receipts, RemoteActivations activations, TokenRecords tokens) {
        this.receipts = receipts;
        this.activations = activations;
        this.tokens = tokens;
    }

    @Override
    public void handle(CallIn callIn, CallInAnswer answer) {
        if (callIn.kind() != EdgeKeys.Kind.INSTALLATION) {
            return;
        }
        for (String receipt : callIn.receipts()) {
            try {
                ActivationReceipts.Accepted accepted = EngineUser.keepingCodes(() -> receipts.receive(null, callIn.edgeId(), receipt));
                answer.getAccepted().add(accepted.receiptJti());
            } catch (GrantflowException e) {
                answer.getRefused().add(new CallInAnswer.Refused("receipt", e.code(), e.getMessage()));
            }
        }
        for (RemoteActivation a : activations.ofInstallation(callIn.edgeId())) {
            if (a.state().live() && a.currentConnectionJti() != null && !a.currentConnectionJti().equals(a.appliedConnectionJti())) {
                tokens.compact(a.currentConnectionJti()).ifPresent(answer.getConnectionTokens()::add);
            }
        }
    }
}
