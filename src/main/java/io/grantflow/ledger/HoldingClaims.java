package io.grantflow.ledger;

import java.util.List;

/**
 * What a feature's own rows say its holders hold (an activation's seats, an assignment's credits). The verifier
 * compares each claim with the ledger: a row changed behind the ledger's back (a bug, SQL, an engine operation that
 * skipped a step) is reported as a {@code holding-mismatch}; a holding with no flow of its holder's running (deleted, or
 * moved to its end by an engine operation) as an {@code orphaned-holding}. The ledger knows only this interface, not
 * the features.
 */
public interface HoldingClaims {

    /**
     * What one holder should hold of one pool; {@code what} names it for the report ("activation", "assignment").
     * {@code flowRunning}: a flow of the holder's is running (a process instance under the holder's id), which is
     * what stands behind a holding — the timer or proof that will return it.
     */
    record Claim(String poolId, String holderId, String what, String state, long held, long pending, boolean flowRunning) {
    }

    /** The claims of every holder, or of one pool's holders when {@code poolId} is not null. */
    List<Claim> claims(String poolId);
}
