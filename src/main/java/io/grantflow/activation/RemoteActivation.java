package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import java.time.Instant;

/** A row of gf_remote_activation. */
record RemoteActivation(String id, String licenseId, String installationId, ActivationState state, long seats, Instant expiresAt,
        Instant expiryWarningAt, String pendingUpdateId, String currentConnectionJti, String appliedConnectionJti,
        String processInstanceId, long version, long disconnectInFlightSeats) {

    /** The installation's receipt proved it applied the newest connection token. */
    boolean connectionTokenApplied() {
        return currentConnectionJti != null && currentConnectionJti.equals(appliedConnectionJti);
    }

    /** Disconnected after the installation applied a connection token: its seats wait in flight for its disconnect proof. */
    boolean awaitsDisconnectProof() {
        return state == ActivationState.DISCONNECTED && disconnectInFlightSeats > 0;
    }

    /** The newest connection token may be handed out: never once the activation is disconnected or expired. */
    void requireTokensServed() {
        if (!state.live()) {
            throw ActivationRefusals.notActive(this);
        }
    }

    /** A connection token may be handed out while it is the activation's newest: an older one would bring back old seats. */
    void requireServed(String connectionJti) {
        requireTokensServed();
        if (connectionJti != null && !connectionJti.equals(currentConnectionJti)) {
            throw Refusal.CONNECTION_TOKEN_SUPERSEDED.exception("Connection token " + connectionJti
                    + " of activation " + id + " was superseded by a newer one; only the newest is handed out");
        }
    }
}
