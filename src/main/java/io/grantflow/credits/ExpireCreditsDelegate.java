package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** After Timer_AutoRevoke and the other expiry timers: the credits return with "expiry" as their proof. */
@Component("expireCreditsDelegate")
class ExpireCreditsDelegate implements JavaDelegate {

    static final String TIMER_ACTOR = "grantflow-timer";

    private final CreditAssignments assignments;

    ExpireCreditsDelegate(CreditAssignments assignments) {
        this.assignments = assignments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        assignments.expire(CreditVariables.assignmentId(execution), execution.getProcessInstanceId(), TIMER_ACTOR);
    }
}
