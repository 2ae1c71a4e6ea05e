package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.MESSAGE;
import static io.grantflow.activation.ActivationVariables.OLD_EXPIRES_AT;
import static io.grantflow.activation.ActivationVariables.SAVED;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.date;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Task_SaveConfiguration (remote-activation-update): Save; a refusal sends the flow back to the configuration. */
@Component("saveConfigurationDelegate")
class SaveConfigurationDelegate implements JavaDelegate {

    private final UpdateSave save;

    SaveConfigurationDelegate(UpdateSave save) {
        this.save = save;
    }

    @Override
    public void execute(DelegateExecution execution) {
        UpdateSave.Saved saved = save.save(string(execution, UPDATE_ID), execution.getProcessInstanceId());
        execution.setVariable(OLD_EXPIRES_AT, date(saved.oldExpiresAt()));
        execution.setVariable(SAVED, saved.refusal() == null);
        execution.setVariable(MESSAGE, saved.refusal() == null ? "" : saved.refusal());
    }
}
