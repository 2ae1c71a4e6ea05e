package io.grantflow.ledger;

/** What one holder has of a pool: {@code held}, and {@code pending} on its way back (in flight). */
public record HolderBalance(String poolId, String holderId, long held, long pending) {

    public static HolderBalance none(String poolId, String holderId) {
        return new HolderBalance(poolId, holderId, 0, 0);
    }
}
