package io.grantflow.credits;

import io.grantflow.ledger.HoldingClaims;
import java.util.List;
import org.springframework.stereotype.Component;

/** What each assignment should hold of its subscription's pool, by its state; the ledger verifier compares this with the ledger. */
@Component
class AssignmentHoldingClaims implements HoldingClaims {

    private final CreditAssignmentRepository assignments;

    AssignmentHoldingClaims(CreditAssignmentRepository assignments) {
        this.assignments = assignments;
    }

    @Override
    public List<Claim> claims(String poolId) {
        return assignments.ofSubscription(poolId).stream()
                .map(a -> new Claim(a.subscriptionId(), a.id(), "assignment", a.state().name(), a.state().held(a.credits()),
                        a.state().inFlight(a.credits())))
                .toList();
    }
}
