package io.grantflow.credits;

import java.time.Instant;

/** One assignment of credits from a subscription to a HOME system, as stored. */
record CreditAssignment(String id, String systemId, String subscriptionId, long credits, AssignmentState state,
        boolean downloaded, Instant autoRevokeAt, Instant expiresAt, String fileJti, Instant deliveredAt, String warning,
        String processInstanceId, String revokeProcessInstanceId, String revokeProof, Instant createdAt, Instant updatedAt) {

    /** The credit file is still only Grantflow's: never issued, or issued for a call-in that has not come. */
    boolean fileNeverLeft() {
        return fileJti == null || deliveredAt == null;
    }
}
