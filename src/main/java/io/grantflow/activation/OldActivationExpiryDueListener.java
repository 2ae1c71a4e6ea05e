package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Timer_OldActivationExpired on end, in the timer's own job: the release runs in a job of its own (with retries),
 * so the clock is asked here too. A timer executed early fails and the update keeps waiting for the receipt.
 */
@Component("oldActivationExpiryDueListener")
class OldActivationExpiryDueListener implements ExecutionListener {

    private final UpdateCompletion completion;

    OldActivationExpiryDueListener(UpdateCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void notify(DelegateExecution execution) {
        completion.requireOldActivationExpired(string(execution, UPDATE_ID));
    }
}
