package io.grantflow.ops;

import java.time.Instant;

/**
 * Published when the engine opens an incident (a step failed and has no retries left, or another incident type).
 * Published inside the engine's transaction: listen with {@code @TransactionalEventListener} to act once it committed.
 *
 * @param configuration for a failed job, the job's id (what Cockpit's "retry" acts on)
 * @param message       the incident's message, cut to {@value #MAX_MESSAGE} characters: the event is stored as it is
 *                      published (Spring Modulith's event_publication), the whole message stays in Cockpit
 */
public record IncidentOpened(String incidentId, String incidentType, String processInstanceId, String processDefinitionKey,
        String activityId, String configuration, String message, Instant openedAt) {

    static final int MAX_MESSAGE = 1000;

    public IncidentOpened {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 3) + "...";
        }
    }
}
