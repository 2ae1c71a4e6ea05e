package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_StartLifecycle (remote-activation-add): the warning and expiry timers of the activation. */
@Component("startLifecycleDelegate")
class StartLifecycleDelegate implements JavaDelegate {

    private final ActivationAddSteps steps;

    StartLifecycleDelegate(ActivationAddSteps steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution execution) {
        steps.startLifecycle(string(execution, ACTIVATION_ID));
    }
}
