package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_ReleaseSeats (remote-activation-disconnect): seats back, other flows ended. */
@Component("releaseSeatsDelegate")
class ReleaseSeatsDelegate implements JavaDelegate {

    private final ActivationDisconnects disconnects;

    ReleaseSeatsDelegate(ActivationDisconnects disconnects) {
        this.disconnects = disconnects;
    }

    @Override
    public void execute(DelegateExecution execution) {
        disconnects.disconnect(string(execution, ACTIVATION_ID), execution.getProcessInstanceId());
    }
}
