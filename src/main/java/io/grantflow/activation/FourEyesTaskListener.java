package io.grantflow.activation;

import static io.grantflow.activation.ActivationVariables.APPROVED;
import static io.grantflow.activation.ActivationVariables.UPDATE_ID;
import static io.grantflow.activation.ActivationVariables.string;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** UserTask_ConfirmReduction on complete: refuses the configurer (four-eyes) before the task may complete. */
@Component("fourEyesTaskListener")
class FourEyesTaskListener implements TaskListener {

    private final UpdateConfiguration configuration;

    FourEyesTaskListener(UpdateConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void notify(DelegateTask task) {
        Object approved = task.getVariable(APPROVED);
        String user = EngineUser.completer(task);
        // The second pair of eyes is an operator's: an administrator's engine power is not an approval.
        if (user != null && !EngineUser.isOperator(task.getProcessEngineServices().getIdentityService(), user)) {
            throw FourEyes.refused(FourEyes.notAnOperator(user));
        }
        configuration.decideReduction(string(task, UPDATE_ID), user, approved == null ? null : Boolean.valueOf(approved.toString()));
    }
}
