package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_IssueConnectionToken (remote-activation-update): the connection token of what Save saved. */
@Component("issueConnectionTokenDelegate")
class IssueConnectionTokenDelegate implements JavaDelegate {

    private final UpdateCompletion completion;

    IssueConnectionTokenDelegate(UpdateCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void execute(DelegateExecution execution) {
        completion.issueConnectionToken(string(execution, UPDATE_ID), execution.getProcessInstanceId());
    }
}
