package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import io.grantflow.edge.CallIn;
import io.grantflow.edge.CallInHandler;
import io.grantflow.protocol.CallInAnswer.Refused;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.tokens.EdgeKeys;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credits part of a HOME system's call-in: it is online from now on (committed with its bearer); it gets the
 * credit files waiting for it and the revokes it must answer; the revoke keys it posts are settled one by one, each in
 * its own transaction.
 */
@Component("creditsCallIn")
@RequiredArgsConstructor
class CreditsCallIn implements CallInHandler {

    private final Systems systems;
    private final CreditAssignments assignments;
    private final CreditRevocations revocations;
    private final TransactionTemplate tx;

    /** Online from now on, committed with the spent bearer. */
    @Override
    public void accepted(CallIn callIn) {
        if (callIn.kind() == EdgeKeys.Kind.SYSTEM) {
            systems.seen(callIn.edgeId(), callIn.at());
        }
    }

    @Override
    public Contribution handle(CallIn callIn) {
        if (callIn.kind() != EdgeKeys.Kind.SYSTEM) {
            return Contribution.none();
        }
        List<String> accepted = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < callIn.revokeKeys().size(); i++) {
            String key = callIn.revokeKeys().get(i);
            try {
                accepted.add(tx.execute(s -> revocations.acceptFromSystem(callIn.edgeId(), key)));
            } catch (GrantflowException e) {
                refused.add(new Refused("revoke", i, JwsChecks.unverifiedJti(key), e.code(), e.getMessage()));
            }
        }
        List<String> creditFiles = tx.execute(s -> assignments.deliverPending(callIn.edgeId()));
        return new Contribution(List.of(), creditFiles, revocations.pendingFor(callIn.edgeId()), accepted, refused);
    }
}
