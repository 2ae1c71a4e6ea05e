package io.grantflow.shared;

import io.grantflow.protocol.GrantflowException;
import java.util.Map;
import java.util.Set;

/**
 * A feature's early check of what an operator submits for one of its user tasks at an engine door (Tasklist's Complete,
 * {@code /engine-rest} complete or submit-form): the same rule the process applies after, run before the engine is
 * asked, so a refusal is answered where the operator clicked and changes nothing. The process keeps its own check
 * (other ways in, races): this one only refuses earlier and readably.
 */
public interface TaskFormCheck {

    /** The task definition keys (BPMN user task ids) this check looks at. */
    Set<String> taskDefinitionKeys();

    /**
     * Throws the rule's refusal (its status, code and words) when the submission would be refused; returns when it
     * may go on to the engine.
     */
    void check(Submission submission) throws GrantflowException;

    /**
     * A user task about to be completed, and what is submitted with it.
     *
     * @param submitted the variables as the request submits them, read as the engine would (absent: not submitted)
     */
    record Submission(String taskId, String taskDefinitionKey, String processInstanceId, String user, Map<String, Object> submitted) {

        public boolean has(String name) {
            return submitted.containsKey(name);
        }
    }
}
