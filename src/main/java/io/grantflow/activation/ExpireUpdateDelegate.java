package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ExpireUpdate (remote-activation-update): the update token expired before the seats were configured. */
@Component("expireUpdateDelegate")
class ExpireUpdateDelegate implements JavaDelegate {

    private final UpdateCompletion completion;

    ExpireUpdateDelegate(UpdateCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void execute(DelegateExecution execution) {
        completion.expired(string(execution, UPDATE_ID));
    }
}
