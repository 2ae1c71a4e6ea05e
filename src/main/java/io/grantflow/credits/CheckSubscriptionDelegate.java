package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_CheckSubscription: a refusal throws out of the start, so nothing of the request remains. */
@Component("checkSubscriptionDelegate")
class CheckSubscriptionDelegate implements JavaDelegate {

    private final CreditAssignments assignments;

    CheckSubscriptionDelegate(CreditAssignments assignments) {
        this.assignments = assignments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (CreditVariables.flag(execution, CreditVariables.CHECKED_AT_START)) {
            return; // checked by the start, under the pool lock, in this transaction
        }
        String warning = assignments.checkSubscription(CreditVariables.assignmentId(execution));
        if (warning != null) {
            // The history keeps the warning the caller saw.
            execution.setVariable(CreditVariables.WARNING, warning);
        }
    }
}
