package io.grantflow.ledger;

import java.util.List;

/**
 * What a feature's own rows say its holders hold (an activation's seats, an assignment's credits). The verifier
 * compares each claim with the ledger: a row changed behind the ledger's back (a bug, SQL, an engine operation that
 * skipped a step) is reported as a {@code holding-mismatch}. The ledger knows only this interface, not the features.
 */
public interface HoldingClaims {

    /** What one holder should hold of one pool; {@code what} names it for the report ("activation", "assignment"). */
    record Claim(String poolId, String holderId, String what, String state, long held, long pending) {
    }

    /** The claims of every holder, or of one pool's holders when {@code poolId} is not null. */
    List<Claim> claims(String poolId);
}
