package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
import java.time.Duration;
import java.time.Instant;

/** When things are due: the expiry warning, the configuration deadline, a connection token's expiry. Pure. */
final class TimeRules {

    private TimeRules() {
    }

    static Instant warningAt(Instant expiresAt, Duration warningBefore) {
        return expiresAt.minus(warningBefore);
    }

    /** The operators configure within the update token's TTL, and not after the installation's token expires. */
    static Instant configureBy(Instant now, Duration updateTokenTtl, Instant updateTokenExpiresAt) {
        Instant by = now.plus(updateTokenTtl);
        return updateTokenExpiresAt.isBefore(by) ? updateTokenExpiresAt : by;
    }

    /** A connection token lives its TTL, and never beyond the activation it carries. */
    static Instant connectionTokenExpiry(Instant now, Duration ttl, Instant activationExpiresAt) {
        Instant exp = now.plus(ttl);
        return activationExpiresAt.isBefore(exp) ? activationExpiresAt : exp;
    }

    /**
     * The clock decides, not a timer's firing: a job executed early or a modification into the step is refused
     * ({@code too-early}) before {@code due}.
     */
    static void requireDue(Instant now, Instant due, String detail) {
        if (now.isBefore(due)) {
            throw tooEarly(detail);
        }
    }

    static GrantflowException tooEarly(String detail) {
        return Refusal.TOO_EARLY.exception(detail);
    }
}
