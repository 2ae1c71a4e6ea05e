package io.grantflow.credits;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * After Timer_AutoRevoke and the other expiry timers: the credits return with "expiry" as their proof, once the clock
 * says their time is up. The ledger's actor is the person who made the step run (an engine user executing the job),
 * {@code grantflow-timer} only when the job executor did.
 */
@Component("expireCreditsDelegate")
class ExpireCreditsDelegate implements JavaDelegate {

    private final CreditExpiry expiry;

    ExpireCreditsDelegate(CreditExpiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public void execute(DelegateExecution execution) {
        expiry.expire(CreditVariables.assignmentId(execution), execution.getProcessInstanceId(), CreditVariables.timerActor(execution));
    }
}
