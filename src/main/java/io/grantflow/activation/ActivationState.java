package io.grantflow.activation;

/** A remote activation's states. */
enum ActivationState {
    PENDING, ACTIVE, DISCONNECTED, EXPIRED;

    boolean live() {
        return this == PENDING || this == ACTIVE;
    }
}
