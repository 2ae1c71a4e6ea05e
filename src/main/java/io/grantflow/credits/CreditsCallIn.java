package io.grantflow.credits;

import io.grantflow.edge.CallIn;
import io.grantflow.edge.CallInAnswer;
import io.grantflow.edge.CallInHandler;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.tokens.EdgeKeys;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credits part of a HOME system's call-in: it is online from now on; it gets the credit files waiting for it
 * and the revokes it must answer; the revoke keys it posts are settled one by one, each in its own transaction.
 */
@Component("creditsCallIn")
class CreditsCallIn implements CallInHandler {

    private final Systems systems;
    private final CreditAssignments assignments;
    private final CreditRevocations revocations;
    private final TransactionTemplate tx;

    CreditsCallIn(Systems systems, CreditAssignments assignments, CreditRevocations revocations, TransactionTemplate tx) {
        this.systems = systems;
        this.assignments = assignments;
        this.revocations = revocations;
        this.tx = tx;
    }

    @Override
    public void handle(CallIn callIn, CallInAnswer answer) {
        if (callIn.kind() != EdgeKeys.Kind.SYSTEM) {
            return;
        }
        tx.executeWithoutResult(s -> systems.seen(callIn.edgeId(), callIn.at()));
        for (String key : callIn.revokeKeys()) {
            try {
                answer.getAccepted().add(tx.execute(s -> revocations.acceptFromSystem(callIn.edgeId(), key)));
            } catch (GrantflowException refused) {
                answer.getRefused().add(new CallInAnswer.Refused("revoke", refused.code(), refused.getMessage()));
            }
        }
        answer.getCreditFiles().addAll(tx.execute(s -> assignments.deliverPending(callIn.edgeId())));
        answer.getRevokes().addAll(revocations.pendingFor(callIn.edgeId()));
    }
}
