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
        String key = CreditVariables.takeRevokeKey(execution);
        String refusal = revocations.verifyInProcess(CreditVariables.assignmentId(execution), key, CreditVariables.actor(execution));
        CreditVariables.revokeKeyOutcome(execution, refusal);
    }
}
