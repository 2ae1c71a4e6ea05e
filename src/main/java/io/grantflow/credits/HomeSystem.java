package io.grantflow.credits;

import java.time.Instant;

/** A HOME system linked to an account; its public key is in the edge key registry under the same id. */
record HomeSystem(String id, String accountId, String label, Instant lastSeenAt, Instant createdAt) {
}
