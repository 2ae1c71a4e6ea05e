package io.grantflow.activation;

import java.time.Instant;

/**
 * Published when no receipt came within {@code grantflow.receipt-follow-up} of issuing a connection token and
 * the follow-up task appears. {@code updateId} is null for the token of an add. Published inside the step's
 * transaction: listen with {@code @TransactionalEventListener}.
 *
 * @param processInstanceId the flow (add or update) whose follow-up task appears once the step committed
 */
public record ConnectionTokenNotApplied(String activationId, String updateId, String installationId, String connectionJti,
        Instant issuedBefore, String processInstanceId) {
}
