package io.grantflow.shared;

import io.grantflow.protocol.GrantflowException;
import java.util.Set;

/**
 * A feature's rule on who may work one of its user tasks (take it, hand it on, complete it), whatever the way in: the
 * engine's command guard asks it before a person's claim, assignment, delegation, resolution or completion runs, so a
 * refusal changes nothing.
 */
public interface TaskWorkCheck {

    /** The task definition keys (BPMN user task ids) this check looks at. */
    Set<String> taskDefinitionKeys();

    /** Throws the rule's refusal when {@code work} may not be done; returns when the engine may go on. */
    void check(TaskWork work) throws GrantflowException;

    /** What a person does to a task. */
    enum Step {
        CLAIM, ASSIGN, DELEGATE, RESOLVE, COMPLETE;

        /** The steps that finish the person's part of the task. */
        public boolean finishes() {
            return this == RESOLVE || this == COMPLETE;
        }
    }

    /** A person's step on a task. */
    record TaskWork(String taskId, String taskDefinitionKey, String processInstanceId, String user, Step step) {
    }
}
