package io.grantflow.activation;

import java.time.Instant;

/** A license as the API shows it: printer seats of its pool. */
public record License(String id, String accountId, long total, long allocated, long inFlight, long available, Instant expiresAt) {
}
