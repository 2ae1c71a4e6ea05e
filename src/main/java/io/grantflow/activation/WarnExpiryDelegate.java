package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_WarnExpiry (remote-activation-lifecycle): the expiry warning, once per expiry date. */
@Component("warnExpiryDelegate")
class WarnExpiryDelegate implements JavaDelegate {

    private final ActivationLifecycle lifecycle;

    WarnExpiryDelegate(ActivationLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void execute(DelegateExecution execution) {
        lifecycle.warnExpiry(string(execution, ACTIVATION_ID));
    }
}
