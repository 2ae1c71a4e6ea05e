package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_Activate (remote-activation-add): ACTIVE, with the receipt in the database as proof. */
@Component("activateDelegate")
class ActivateDelegate implements JavaDelegate {

    private final ActivationAddSteps steps;

    ActivateDelegate(ActivationAddSteps steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution execution) {
        steps.activate(string(execution, ACTIVATION_ID));
    }
}
