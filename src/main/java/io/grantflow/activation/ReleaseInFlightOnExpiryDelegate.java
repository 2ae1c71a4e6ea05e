package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReleaseInFlightOnExpiry (remote-activation-update): no receipt before the old activation expired. */
@Component("releaseInFlightOnExpiryDelegate")
class ReleaseInFlightOnExpiryDelegate implements JavaDelegate {

    private final UpdateCompletion completion;

    ReleaseInFlightOnExpiryDelegate(UpdateCompletion completion) {
        this.completion = completion;
    }

    @Override
    public void execute(DelegateExecution execution) {
        completion.oldActivationExpired(string(execution, UPDATE_ID), execution.getProcessInstanceId());
    }
}
