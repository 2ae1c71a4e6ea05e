package io.grantflow.activation;

import java.time.Instant;

/** A row of gf_remote_activation. */
record RemoteActivation(String id, String licenseId, String installationId, ActivationState state, long seats, Instant expiresAt,
        Instant expiryWarningAt, String pendingUpdateId, String currentConnectionJti, String appliedConnectionJti,
        String processInstanceId, long version) {

    /** The installation's receipt proved it applied the newest connection token. */
    boolean connectionTokenApplied() {
        return currentConnectionJti != null && currentConnectionJti.equals(appliedConnectionJti);
    }
}
