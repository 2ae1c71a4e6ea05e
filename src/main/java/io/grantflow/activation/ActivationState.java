package io.grantflow.activation;

/** design.md §1: a remote activation's states. */
public enum ActivationState {
    PENDING, ACTIVE, DISCONNECTED, EXPIRED;

    boolean live() {
        return this == PENDING || this == ACTIVE;
    }
}
