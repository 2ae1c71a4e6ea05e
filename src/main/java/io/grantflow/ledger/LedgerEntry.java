package io.grantflow.ledger;

import org.springframework.lang.Nullable;
import java.time.Instant;

public record LedgerEntry(
        long id,
        String poolId,
        long seq,
        String movementId,
        EntryKind kind,
        @Nullable String holderId,
        long amount,
        long availableAfter,
        long pendingAfter,
        long holderHeldAfter,
        @Nullable String reason,
        @Nullable String proof,
        @Nullable String processInstanceId,
        String actor,
        Instant createdAt,
        String prevHash,
        String hash) {
}
