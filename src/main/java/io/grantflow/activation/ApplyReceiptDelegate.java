package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ApplyReceipt (remote-activation-update): the receipt arrived, in-flight seats return. */
@Component("applyReceiptDelegate")
class ApplyReceiptDelegate implements JavaDelegate {

    private final UpdateCompletion completion;

    ApplyReceiptDelegate(UpdateCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void execute(DelegateExecution execution) {
        completion.applied(string(execution, UPDATE_ID), execution.getProcessInstanceId());
    }
}
