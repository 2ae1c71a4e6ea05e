package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.CONFIGURED_BY;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** UserTask_ConfigureSeats: fresh numbers on create, the configurer recorded on complete. */
@Component("configureSeatsTaskListener")
class ConfigureSeatsTaskListener implements TaskListener {

    private final UpdateConfiguration configuration;

    ConfigureSeatsTaskListener(UpdateConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void notify(DelegateTask task) {
        String updateId = string(task, UPDATE_ID);
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            task.setVariables(configuration.seatsForm(updateId));
        } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
            String user = EngineUser.completer(task);
            configuration.recordConfigurer(updateId, user);
            task.setVariable(CONFIGURED_BY, user);
        }
    }
}
