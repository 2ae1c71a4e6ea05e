package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.STARTED_BY;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_AllocateSeats (remote-activation-add): the activation's seats from the license's pool. */
@Component("allocateSeatsDelegate")
class AllocateSeatsDelegate implements JavaDelegate {

    private final ActivationAddSteps steps;

    AllocateSeatsDelegate(ActivationAddSteps steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution execution) {
        steps.allocate(string(execution, ACTIVATION_ID), execution.getProcessInstanceId(), string(execution, STARTED_BY));
    }
}
