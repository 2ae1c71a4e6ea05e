package io.grantflow.ledger;

/** A pool's balances: {@code available + pending + held = total} always. */
public record PoolBalance(String poolId, String unit, long total, long available, long pending, long held) {
}
