package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_VerifyRevokeKey, right after "Enter revoke key": runs in the completing transaction so the operator sees a
 * refusal at once (the task comes back with the reason), and the key itself is dropped from the variables at once.
 */
@Component("verifyRevokeKeyDelegate")
class VerifyRevokeKeyDelegate implements JavaDelegate {

    private final CreditRevocations revocations;

    VerifyRevokeKeyDelegate(CreditRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object key = execution.getVariable(CreditVariables.REVOKE_KEY);
        execution.removeVariable(CreditVariables.REVOKE_KEY);
        String refusal = revocations.verifyInProcess(CreditVariables.assignmentId(execution), key == null ? null : key.toString(),
                CreditVariables.actor(execution));
        execution.setVariable(CreditVariables.REVOKE_KEY_ACCEPTED, refusal == null);
        if (refusal == null) {
            execution.removeVariable(CreditVariables.REVOKE_KEY_REFUSAL);
        } else {
            execution.setVariable(CreditVariables.REVOKE_KEY_REFUSAL, refusal);
        }
    }
}
