package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_BeginRevoke: returns undelivered credits at once, else puts them in flight and says whose key is awaited. */
@Component("beginRevokeDelegate")
class BeginRevokeDelegate implements JavaDelegate {

    private final CreditRevocations revocations;

    BeginRevokeDelegate(CreditRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        CreditRevocations.Status status = revocations.begin(CreditVariables.assignmentId(execution),
                execution.getProcessInstanceId(), CreditVariables.actor(execution));
        execution.setVariable(CreditVariables.REVOKE_STATUS, status.name());
    }
}
