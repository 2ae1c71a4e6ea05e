package io.grantflow.credits;

import java.time.Instant;

/** One assignment of credits from a subscription to a HOME system, as stored. */
record CreditAssignment(String id, String systemId, String subscriptionId, long credits, AssignmentState state,
        boolean downloaded, Instant autoRevokeAt, Instant expiresAt, String fileJti, Instant deliveredAt, String warning,
        String processInstanceId, String revokeProcessInstanceId, String revokeProof, Instant createdAt, Instant updatedAt) {

    /** A new assignment, ASSIGNED: it returns at its auto-revoke date or with the subscription, and warns as the subscription does. */
    static CreditAssignment requested(String id, String systemId, Subscription subscription, long credits, Instant autoRevokeAt,
            Instant now) {
        return new CreditAssignment(id, systemId, subscription.id(), credits, AssignmentState.ASSIGNED, false, autoRevokeAt,
                CreditRules.expiresAt(subscription, autoRevokeAt), null, null, CreditRules.cancelledWarning(subscription), null,
                null, null, now, now);
    }

    /** The credit file is still only Grantflow's: never issued, or issued for a call-in that has not come. */
    boolean fileNeverLeft() {
        return fileJti == null || deliveredAt == null;
    }

    /** Returns at its auto-revoke date rather than at the subscription's end. */
    boolean temporary() {
        return autoRevokeAt != null;
    }

    /** When its time is up: a temporary assignment is revoked by its date, any other expires with the subscription. */
    AssignmentState stateAtExpiry() {
        return temporary() ? AssignmentState.REVOKED : AssignmentState.EXPIRED;
    }

    String reasonAtExpiry() {
        return temporary() ? "auto-revoke" : "subscription-ended";
    }

    /** The proof credits return on at their end: the file expired with them, or it never left Grantflow. */
    String proofAtExpiry() {
        return fileNeverLeft() ? "never-downloaded" : "expiry";
    }
}
