package io.grantflow.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to an activation, assignment, system or pool: a process step, a user task (with who),
 * a token issued or accepted (by jti), or a ledger row.
 *
 * @param source {@code process}, {@code task}, {@code operation}, {@code incident}, {@code token} or {@code ledger}
 */
record TimelineEvent(Instant at, String source, String type, String name, String processInstanceId,
        String processDefinitionKey, String activityId, String user, Map<String, Object> detail) {
}
