package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * {@code processes/credit-assignment.bpmn}: its ids (the one place Java names them) and the engine calls the credits
 * services make on it: start it, complete its delivery task, tell it the credits returned.
 */
@Component
@RequiredArgsConstructor
class CreditAssignmentProcess {

    static final String PROCESS = "credit-assignment";

    static final String TASK_CHECK_SUBSCRIPTION = "Task_CheckSubscription";
    static final String TASK_RESERVE_CREDITS = "Task_ReserveCredits";
    static final String TASK_CHECK_SYSTEM_ONLINE = "Task_CheckSystemOnline";
    static final String TASK_ISSUE_FILE_FOR_CALL_IN = "Task_IssueCreditFileForCallIn";
    static final String USER_TASK_DELIVER = "UserTask_DeliverCreditFile";
    static final String TASK_ISSUE_FILE = "Task_IssueCreditFile";
    static final String TIMER_DELIVERY_EXPIRED = "Timer_DeliveryExpired";
    static final String TASK_RETURN_UNDELIVERED = "Task_ReturnUndeliveredCredits";
    static final String EVENT_REVOKED_BEFORE_DELIVERY = "Event_RevokedBeforeDelivery";
    static final String GATEWAY_AWAIT_END = "Gateway_AwaitEnd";
    static final String EVENT_CREDITS_REVOKED = "Event_CreditsRevoked";
    static final String TIMER_AUTO_REVOKE = "Timer_AutoRevoke";
    static final String TASK_EXPIRE_CREDITS = "Task_ExpireCredits";

    /** Caught while the file waits for delivery and while the system holds the credits. */
    static final String MSG_CREDITS_RETURNED = "CreditsReturned";

    private final RuntimeService runtime;
    private final TaskService tasks;

    /**
     * Starts the flow of a stored assignment; its first steps run in the caller's transaction. {@code online}: the
     * system's state as the start read it under the pool lock, so the flow's gateway need not read it again.
     */
    String start(CreditAssignment a, String actor, boolean online) {
        Map<String, Object> variables = CreditVariables.ofAssignment(a, actor);
        if (a.warning() != null) {
            variables.put(CreditVariables.WARNING, a.warning()); // the history keeps the warning the caller saw
        }
        variables.put(CreditVariables.CHECKED_AT_START, Variables.booleanValue(true, true));
        variables.put(CreditVariables.ONLINE_AT_START, Variables.booleanValue(online, true));
        return runtime.startProcessInstanceByKey(PROCESS, a.id(), variables).getId();
    }

    /** A download completes "Deliver credit file" if the flow still waits there, as the downloading person. */
    void completeDelivery(String processInstanceId, String actor) {
        Task task = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(USER_TASK_DELIVER)
                .singleResult();
        if (task != null) {
            tasks.setAssignee(task.getId(), actor);
            tasks.complete(task.getId());
        }
    }

    /** Tells the assignment's flow its credits are back, unless that flow is the one running ({@code current}). */
    void creditsReturned(CreditAssignment a, String current) {
        CreditMessages.send(runtime, MSG_CREDITS_RETURNED, a.processInstanceId(), current);
    }
}
