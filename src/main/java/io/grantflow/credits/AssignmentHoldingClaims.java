package io.grantflow.credits;

import io.grantflow.ledger.HoldingClaims;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What each assignment should hold of its subscription's pool, by its state; the ledger verifier compares this with the
 * ledger, and reports credits held with no flow of the assignment's running (credit-assignment, credit-revoke).
 */
@Component
class AssignmentHoldingClaims implements HoldingClaims {

    private final CreditAssignmentRepository assignments;

    AssignmentHoldingClaims(CreditAssignmentRepository assignments) {
        this.assignments = assignments;
    }

    @Override
    public List<Claim> claims(String poolId) {
        return assignments.holdings(poolId).stream()
                .map(a -> new Claim(a.subscriptionId(), a.id(), "assignment", a.state().name(), a.state().held(a.credits()),
                        a.state().inFlight(a.credits()), a.flowRunning()))
                .toList();
    }
}
