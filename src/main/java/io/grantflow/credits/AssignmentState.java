package io.grantflow.credits;

/** {@code ASSIGNED → DOWNLOADED → REVOKING → REVOKED / EXPIRED}; the last two are final. */
enum AssignmentState {
    ASSIGNED, DOWNLOADED, REVOKING, REVOKED, EXPIRED;

    boolean isFinal() {
        return this == REVOKED || this == EXPIRED;
    }

    /** What an assignment of {@code credits} in this state holds of its pool: ASSIGNED and DOWNLOADED hold them all. */
    long held(long credits) {
        return this == ASSIGNED || this == DOWNLOADED ? credits : 0;
    }

    /** What it has in flight back to its pool: a REVOKING one all of them, waiting for the revoke key. */
    long inFlight(long credits) {
        return this == REVOKING ? credits : 0;
    }
}
