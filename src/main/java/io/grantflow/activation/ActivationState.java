package io.grantflow.activation;

/** design.md §1: a remote activation's states. */
enum ActivationState {
    PENDING, ACTIVE, DISCONNECTED, EXPIRED;

    boolean live() {
        return this == PENDING || this == ACTIVE;
    }
}
