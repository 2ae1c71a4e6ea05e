package io.grantflow.credits;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Names and typed reads of the credit flows' variables: ids, counts, flags and dates only. */
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
     * Transient, set by {@code CreditAssignments.start}: the subscription and system were checked, and the system's
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

    static final String MSG_CREDITS_RETURNED = "CreditsReturned";
    static final String MSG_REVOKE_SETTLED = "RevokeSettled";

    static final String USER_TASK_DELIVER = "UserTask_DeliverCreditFile";
    static final String USER_TASK_ENTER_KEY = "UserTask_EnterRevokeKey";

    private CreditVariables() {
    }

    static String assignmentId(DelegateExecution execution) {
        return (String) execution.getVariable(ASSIGNMENT_ID);
    }

    /** Who started the flow or completed its task; the engine's timers act as "grantflow". */
    static String actor(DelegateExecution execution) {
        String user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null ? null
                : execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
        if (user != null) {
            return user;
        }
        Object actor = execution.getVariable(ACTOR);
        return actor == null ? "grantflow" : actor.toString();
    }

    static boolean flag(DelegateExecution execution, String name) {
        return Boolean.TRUE.equals(execution.getVariable(name));
    }

    static Date date(java.time.Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
