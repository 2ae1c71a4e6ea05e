package io.grantflow.activation;

/** A remote activation's states. */
enum ActivationState {
    PENDING, ACTIVE, DISCONNECTED, EXPIRED;

    /** The state as the pages say it. */
    public String words() {
        return switch (this) {
            case PENDING -> "Waiting for the installation to apply its connection token";
            case ACTIVE -> "Active";
            case DISCONNECTED -> "Disconnected";
            case EXPIRED -> "Expired";
        };
    }

    boolean live() {
        return this == PENDING || this == ACTIVE;
    }
}
