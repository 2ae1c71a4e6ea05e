package io.grantflow.credits;

import java.util.Date;
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
    static final String AUTO_REVOKE_AT = "autoRevokeAt";
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

    static boolean flag(DelegateExecution execution, String name) {
        return Boolean.TRUE.equals(execution.getVariable(name));
    }

    static Date date(java.time.Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
