package io.grantflow.audit;

import org.springframework.lang.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to an activation, assignment, system or pool: a process step, a user task (with who),
 * a token issued or accepted (by jti), or a ledger row.
 *
 * @param source {@code process}, {@code task}, {@code operation}, {@code incident}, {@code token} or {@code ledger}
 */
record TimelineEvent(Instant at, String source, String type, @Nullable String name, @Nullable String processInstanceId,
        @Nullable String processDefinitionKey, @Nullable String activityId, @Nullable String user, @Nullable Map<String, Object> detail) {
}
