package io.grantflow.credits;

import java.time.Instant;

/** A subscription as api.md shows it: credits of its pool. */
public record Subscription(String id, String accountId, String type, SubscriptionState state, long total, long assigned,
        long inFlight, long available, Instant startsAt, Instant endsAt, String warning) {
}
