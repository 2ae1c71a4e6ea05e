package io.grantflow.ledger;

import java.time.Instant;

public record LedgerEntry(
        long id,
        String poolId,
        long seq,
        String movementId,
        EntryKind kind,
        String holderId,
        long amount,
        long availableAfter,
        long pendingAfter,
        long holderHeldAfter,
        String reason,
        String proof,
        String processInstanceId,
        String actor,
        Instant createdAt,
        String prevHash,
        String hash) {
}
