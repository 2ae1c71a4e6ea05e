package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_IssueCreditFile: online, the file waits for the system's next call-in; offline, the operator who completed
 * "Deliver credit file" hands it over. Issued once: a download that came first already did it.
 */
@Component("issueCreditFileDelegate")
class IssueCreditFileDelegate implements JavaDelegate {

    private final CreditAssignments assignments;

    IssueCreditFileDelegate(CreditAssignments assignments) {
        this.assignments = assignments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean online = CreditVariables.flag(execution, CreditVariables.SYSTEM_ONLINE);
        assignments.issueFile(CreditVariables.assignmentId(execution), execution.getProcessInstanceId(), !online);
    }
}
