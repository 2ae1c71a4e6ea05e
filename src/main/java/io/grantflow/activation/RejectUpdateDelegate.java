package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_RejectUpdate (remote-activation-update): the second operator said no. */
@Component("rejectUpdateDelegate")
class RejectUpdateDelegate implements JavaDelegate {

    private final UpdateCompletion completion;

    RejectUpdateDelegate(UpdateCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void execute(DelegateExecution execution) {
        completion.rejected(string(execution, UPDATE_ID));
    }
}
