package io.grantflow.credits;

import org.springframework.lang.Nullable;
import java.time.Instant;

/** A subscription as the API shows it: credits of its pool. */
public record Subscription(String id, String accountId, String type, SubscriptionState state, long total, long assigned,
        long inFlight, long available, Instant startsAt, Instant endsAt, @Nullable String warning) {
}
