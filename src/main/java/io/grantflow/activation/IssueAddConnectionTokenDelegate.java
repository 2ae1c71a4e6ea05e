package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_IssueConnectionToken (remote-activation-add): the add's connection token. */
@Component("issueAddConnectionTokenDelegate")
class IssueAddConnectionTokenDelegate implements JavaDelegate {

    private final ActivationAddSteps steps;

    IssueAddConnectionTokenDelegate(ActivationAddSteps steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution execution) {
        steps.issueConnectionToken(string(execution, ACTIVATION_ID), execution.getProcessInstanceId());
    }
}
