package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.ACTIVATION_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_DisableInstallationKey (remote-activation-disconnect): the installation's tokens refused once no live activation needs them. */
@Component("disableInstallationKeyDelegate")
class DisableInstallationKeyDelegate implements JavaDelegate {

    private final ActivationDisconnects disconnects;

    DisableInstallationKeyDelegate(ActivationDisconnects disconnects) {
        this.disconnects = disconnects;
    }

    @Override
    public void execute(DelegateExecution execution) {
        disconnects.disableKeyIfUnused(string(execution, ACTIVATION_ID));
    }
}
