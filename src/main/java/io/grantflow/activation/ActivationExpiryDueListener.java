package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Timer_ActivationExpired on end, in the timer's own job: the expiry step runs in a job of its own (with retries),
 * so the clock is asked here too. A timer executed early fails and the lifecycle keeps waiting for the expiry or a
 * new one.
 */
@Component("activationExpiryDueListener")
class ActivationExpiryDueListener implements ExecutionListener {

    private final ActivationLifecycle lifecycle;

    ActivationExpiryDueListener(ActivationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void notify(DelegateExecution execution) {
        lifecycle.requireExpired(string(execution, ACTIVATION_ID));
    }
}
