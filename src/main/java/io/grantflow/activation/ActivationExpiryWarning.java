package io.grantflow.activation;

import java.time.Instant;

/**
 * Published when an activation is {@code grantflow.expiry-warning-before} away from its expiry. It is published
 * inside the lifecycle step's transaction: a mail or chat notifier listens with {@code @TransactionalEventListener}
 * so it acts only once the step committed.
 */
public record ActivationExpiryWarning(String activationId, String licenseId, String installationId, Instant expiresAt) {
}
