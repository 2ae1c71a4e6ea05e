package io.grantflow.activation;

import java.time.Instant;

/** A row of gf_activation_update. */
record ActivationUpdate(String id, String activationId, String updateJti, Instant updateTokenExpiresAt, UpdateStatus status,
        long currentSeats, Instant currentExpiresAt, Long requestedSeats, Instant requestedExpiresAt, String configuredBy,
        String approvedBy, String message, String connectionJti, String pendingTransferId, String processInstanceId) {
}
