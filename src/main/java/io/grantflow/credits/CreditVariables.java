package io.grantflow.credits;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Names and typed reads of the variables of both credit flows (they share the assignment's ids): ids, counts, flags
 * and dates only. Activity ids and messages are with each flow ({@link CreditAssignmentProcess}, {@link CreditRevokeProcess}).
 */
final class CreditVariables {

    static final String ASSIGNMENT_ID = "assignmentId";
    static final String SYSTEM_ID = "systemId";
    static final String SUBSCRIPTION_ID = "subscriptionId";
    static final String CREDITS = "credits";
    static final String EXPIRES_AT = "expiresAt";
    static final String ACTOR = "actor";
    static final String WARNING = "warning";
    static final String SYSTEM_ONLINE = "systemOnline";
    /**
     * Transient, set by {@code CreditAssignmentProcess.start}: the subscription and system were checked, and the system's
     * online state read, under the pool lock in the very transaction the first steps run in; they need not read again.
     */
    static final String CHECKED_AT_START = "checkedAtStart";
    static final String ONLINE_AT_START = "onlineAtStart";
    static final String REVOKE_STATUS = "revokeStatus";
    static final String REVOKE_SYSTEM_TIMEOUT = "revokeSystemTimeout";
    /** Entered in Tasklist; read and removed at once by the verify step. */
    static final String REVOKE_KEY = "revokeKey";
    static final String REVOKE_KEY_ACCEPTED = "revokeKeyAccepted";
    static final String REVOKE_KEY_REFUSAL = "revokeKeyRefusal";

    /** The ledger's actor of a timer-triggered step the job executor ran. */
    static final String TIMER_ACTOR = "grantflow-timer";

    private CreditVariables() {
    }

    /** What both flows start with: the assignment's ids, its credits, when they return, and who asked. */
    static Map<String, Object> ofAssignment(CreditAssignment a, String actor) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(ASSIGNMENT_ID, a.id());
        variables.put(SYSTEM_ID, a.systemId());
        variables.put(SUBSCRIPTION_ID, a.subscriptionId());
        variables.put(CREDITS, a.credits());
        variables.put(EXPIRES_AT, date(a.expiresAt()));
        variables.put(ACTOR, actor);
        return variables;
    }

    static String assignmentId(DelegateExecution execution) {
        return (String) execution.getVariable(ASSIGNMENT_ID);
    }

    /** Who started the flow or completed its task; the engine's timers act as "grantflow". */
    static String actor(DelegateExecution execution) {
        String user = engineUser(execution);
        if (user != null) {
            return user;
        }
        Object actor = execution.getVariable(ACTOR);
        return actor == null ? "grantflow" : actor.toString();
    }

    /**
     * Who made a timer-triggered step run: an engine user executing the job, {@code grantflow-timer} when the job
     * executor did (not the flow's starter, who did not cause it).
     */
    static String timerActor(DelegateExecution execution) {
        String user = engineUser(execution);
        return user != null ? user : TIMER_ACTOR;
    }

    private static String engineUser(DelegateExecution execution) {
        var auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return auth == null ? null : auth.getUserId();
    }

    static String systemId(DelegateExecution execution) {
        return (String) execution.getVariable(SYSTEM_ID);
    }

    /** The system's online state as the start read it, or null when the flow was not started by {@code start}. */
    static Boolean onlineAtStart(DelegateExecution execution) {
        return execution.getVariable(ONLINE_AT_START) instanceof Boolean online ? online : null;
    }

    /** The revoke key entered in Tasklist, removed from the variables as it is read (it must not stay in them). */
    static String takeRevokeKey(DelegateExecution execution) {
        Object key = execution.getVariable(REVOKE_KEY);
        execution.removeVariable(REVOKE_KEY);
        return key == null ? null : key.toString();
    }

    /** The verify step's outcome: accepted, or the refusal the task shows when it asks again. */
    static void revokeKeyOutcome(DelegateExecution execution, String refusal) {
        execution.setVariable(REVOKE_KEY_ACCEPTED, refusal == null);
        if (refusal == null) {
            execution.removeVariable(REVOKE_KEY_REFUSAL);
        } else {
            execution.setVariable(REVOKE_KEY_REFUSAL, refusal);
        }
    }

    static boolean flag(DelegateExecution execution, String name) {
        return Boolean.TRUE.equals(execution.getVariable(name));
    }

    static Date date(java.time.Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
