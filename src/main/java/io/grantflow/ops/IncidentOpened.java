package io.grantflow.ops;

import java.time.Instant;

/**
 * Published when the engine opens an incident (a step failed and has no retries left, or another incident type).
 * Published inside the engine's transaction: listen with {@code @TransactionalEventListener} to act once it committed.
 *
 * @param configuration for a failed job, the job's id (what Cockpit's "retry" acts on)
 */
public record IncidentOpened(String incidentId, String incidentType, String processInstanceId, String processDefinitionKey,
        String activityId, String configuration, String message, Instant openedAt) {
}
