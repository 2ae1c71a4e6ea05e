package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * {@code processes/credit-revoke.bpmn}: its ids (the one place Java names them) and the engine calls the credits
 * services make on it: start it, ask whether it waits for an operator, tell it the revoke is settled.
 */
@Component
@RequiredArgsConstructor
class CreditRevokeProcess {

    static final String PROCESS = "credit-revoke";

    static final String TASK_BEGIN_REVOKE = "Task_BeginRevoke";
    static final String EVENT_RETURNED_AT_ONCE = "EndEvent_ReturnedAtOnce";
    static final String GATEWAY_AWAIT_SYSTEM = "Gateway_AwaitSystem";
    static final String EVENT_SETTLED_BY_SYSTEM = "Event_SettledBySystem";
    static final String TIMER_SYSTEM_SILENT = "Timer_SystemSilent";
    static final String USER_TASK_ENTER_KEY = "UserTask_EnterRevokeKey";
    static final String TASK_VERIFY_KEY = "Task_VerifyRevokeKey";
    static final String EVENT_SETTLED_ELSEWHERE = "Event_SettledElsewhere";
    static final String TIMER_REVOKE_KEY_OVERDUE = "Timer_RevokeKeyOverdue";
    static final String TASK_EXPIRE_REVOKED = "Task_ExpireRevokedCredits";

    /** Caught while the revoke waits for the system's key and on the "Enter revoke key" task. */
    static final String MSG_REVOKE_SETTLED = "RevokeSettled";

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final CreditsProperties properties;

    /** Starts the revoke of {@code a}; its first step decides in the caller's transaction what it waits for. */
    CreditRevocations.Started start(CreditAssignment a, String actor) {
        Map<String, Object> variables = CreditVariables.ofAssignment(a, actor);
        variables.put(CreditVariables.REVOKE_SYSTEM_TIMEOUT, properties.revokeSystemTimeout().toString());
        ProcessInstanceWithVariables pi = runtime.createProcessInstanceByKey(PROCESS).businessKey(a.id())
                .setVariables(variables).executeWithVariablesInReturn();
        return new CreditRevocations.Started(
                CreditRevocations.Status.valueOf((String) pi.getVariables().get(CreditVariables.REVOKE_STATUS)), pi.getId());
    }

    /** The revoke waits on "Enter revoke key" (an operator's key), not for the system. */
    boolean awaitsOperator(String revokeProcessInstanceId) {
        return tasks.createTaskQuery().processInstanceId(revokeProcessInstanceId).taskDefinitionKey(USER_TASK_ENTER_KEY)
                .count() > 0;
    }

    /** The open "Enter revoke key" task of this revoke, if it waits there. */
    Optional<Task> enterKeyTask(String revokeProcessInstanceId) {
        return Optional.ofNullable(tasks.createTaskQuery().processInstanceId(revokeProcessInstanceId)
                .taskDefinitionKey(USER_TASK_ENTER_KEY).singleResult());
    }

    /** Tells the assignment's revoke its key was accepted (or its time is up), unless it is the flow running. */
    void settled(CreditAssignment a, String current) {
        CreditMessages.send(runtime, MSG_REVOKE_SETTLED, a.revokeProcessInstanceId(), current);
    }
}
