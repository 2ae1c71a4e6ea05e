package io.grantflow.security;

import java.time.Instant;

/** One issued API token as stored: never its secret, only the secret's SHA-256. */
record ApiToken(String id, String clientId, String group, String secretHash, Instant createdAt, String createdBy,
        Instant expiresAt, Instant revokedAt, String revokedBy, String accountId) {

    enum State { ACTIVE, EXPIRED, REVOKED }

    State stateAt(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        return now.isBefore(expiresAt) ? State.ACTIVE : State.EXPIRED;
    }

    /** The actor the ledger, the timeline and the engine's logs record for what this token does. */
    String actor() {
        return ApiTokens.ACTOR_PREFIX + clientId;
    }
}
