package io.grantflow.credits;

/** {@code ASSIGNED → DOWNLOADED → REVOKING → REVOKED / EXPIRED}; the last two are final. */
public enum AssignmentState {
    ASSIGNED, DOWNLOADED, REVOKING, REVOKED, EXPIRED;

    boolean isFinal() {
        return this == REVOKED || this == EXPIRED;
    }
}
