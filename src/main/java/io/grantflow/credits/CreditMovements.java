package io.grantflow.credits;

import io.grantflow.ledger.Movement;

/**
 * The ledger movements of an assignment, each with an id built from its step, so a repeated step moves nothing twice.
 * The pool is the subscription, the holder the assignment.
 */
final class CreditMovements {

    private CreditMovements() {
    }

    /** The pending release a revoke of a held file waits on: settled by the revoke key or by the assignment's end. */
    static String revokePendingId(String assignmentId) {
        return "revoke:" + assignmentId;
    }

    static Movement reserve(CreditAssignment a, String processInstanceId, String actor) {
        return new Movement("assign:" + a.id(), a.subscriptionId(), a.id(), a.credits(), "assigned", null, processInstanceId, actor);
    }

    /** A revoke of credits that never left: back at once. */
    static Movement returnNeverDownloaded(CreditAssignment a, String processInstanceId, String actor) {
        return new Movement("revoke:" + a.id(), a.subscriptionId(), a.id(), a.credits(), "revoked", "never-downloaded",
                processInstanceId, actor);
    }

    /** A revoke of a held file: in flight, naming the file, until its key arrives. */
    static Movement beginRevoke(CreditAssignment a, String processInstanceId, String actor) {
        return new Movement(revokePendingId(a.id()), a.subscriptionId(), a.id(), a.credits(), "revoke-requested", a.fileJti(),
                processInstanceId, actor);
    }

    /** The credits' time is up while held. */
    static Movement expire(CreditAssignment a, String processInstanceId, String actor) {
        return new Movement(expireId(a.id()), a.subscriptionId(), a.id(), a.credits(), a.reasonAtExpiry(), a.proofAtExpiry(),
                processInstanceId, actor);
    }

    /** Settles a pending revoke at the credits' end. */
    static String expireId(String assignmentId) {
        return "expire:" + assignmentId;
    }

    /** Settles a pending revoke with its key. */
    static String returnId(String assignmentId) {
        return "return:" + assignmentId;
    }
}
