package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReserveCredits: the ledger movement commits with the start or not at all. */
@Component("reserveCreditsDelegate")
class ReserveCreditsDelegate implements JavaDelegate {

    private final CreditAssignments assignments;

    ReserveCreditsDelegate(CreditAssignments assignments) {
        this.assignments = assignments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        assignments.reserve(CreditVariables.assignmentId(execution), execution.getProcessInstanceId(),
                CreditVariables.actor(execution));
    }
}
