package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.edge.CallIn;
import io.grantflow.edge.CallInHandler;
import io.grantflow.protocol.CallInAnswer.Refused;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.tokens.TokenRecords;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * An installation's call-in: its receipts and disconnect proofs are handled one by one (each in its own transaction,
 * a refused one does not undo the others), and connection tokens of its live activations that it has not yet applied
 * go back to it (never a disconnected or expired activation's).
 */
@Component
@RequiredArgsConstructor
class ActivationCallIn implements CallInHandler {

    private final ActivationReceipts receipts;
    private final ActivationDisconnectProofs disconnectProofs;
    private final RemoteActivations activations;
    private final TokenRecords tokens;

    @Override
    public Contribution handle(CallIn callIn) {
        if (callIn.kind() != EdgeKeys.Kind.INSTALLATION) {
            return Contribution.none();
        }
        List<String> accepted = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < callIn.receipts().size(); i++) {
            String receipt = callIn.receipts().get(i);
            try {
                ActivationReceipts.Accepted done = EngineUser.keepingCodes(() -> receipts.receive(null, callIn.edgeId(), receipt));
                accepted.add(done.receiptJti());
            } catch (GrantflowException e) {
                refused.add(new Refused("receipt", i, JwsChecks.unverifiedJti(receipt), e.code(), e.getMessage()));
            }
        }
        for (int i = 0; i < callIn.disconnectProofs().size(); i++) {
            String proof = callIn.disconnectProofs().get(i);
            try {
                ActivationDisconnectProofs.Accepted done = EngineUser.keepingCodes(() -> disconnectProofs.receive(null, callIn.edgeId(), proof));
                accepted.add(done.proofJti());
            } catch (GrantflowException e) {
                refused.add(new Refused("disconnect-proof", i, JwsChecks.unverifiedJti(proof), e.code(), e.getMessage()));
            }
        }
        List<String> connectionTokens = new ArrayList<>();
        for (RemoteActivation a : activations.ofInstallation(callIn.edgeId())) {
            if (a.state().live() && a.currentConnectionJti() != null && !a.connectionTokenApplied()) {
                tokens.compact(a.currentConnectionJti()).ifPresent(connectionTokens::add);
            }
        }
        return new Contribution(connectionTokens, List.of(), List.of(), accepted, refused);
    }
}
