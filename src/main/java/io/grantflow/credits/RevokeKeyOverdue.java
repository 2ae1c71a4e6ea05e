package io.grantflow.credits;

import java.time.Instant;

/**
 * Published while a revoke has waited longer than {@code grantflow.notifications.revoke-key-overdue-after} for its
 * revoke key (again at each check until the key arrives: a listener keeps track of what it already acted on).
 * {@code revokeProcessInstanceId} is the credit-revoke flow's; its "Enter revoke key" task may be open.
 */
public record RevokeKeyOverdue(String assignmentId, String systemId, String subscriptionId, String accountId, long credits,
        Instant revokeRequestedAt, String revokeProcessInstanceId) {
}
