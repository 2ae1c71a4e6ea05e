package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ExpireActivation (remote-activation-lifecycle): everything held and in flight back to the license. */
@Component("expireActivationDelegate")
class ExpireActivationDelegate implements JavaDelegate {

    private final ActivationLifecycle lifecycle;

    ExpireActivationDelegate(ActivationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void execute(DelegateExecution execution) {
        lifecycle.expire(string(execution, ACTIVATION_ID), execution.getProcessInstanceId());
    }
}
