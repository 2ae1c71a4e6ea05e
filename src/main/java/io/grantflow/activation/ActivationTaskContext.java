package io.grantflow.activation;

import io.grantflow.shared.TaskNames;
import io.grantflow.shared.UserTaskListeners;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The activation tasks say which installation, license and account they are about, in Tasklist's list
 * ("Configure printer seats — PLANT-7 (LIC-DEMO, ACME)") and on their forms: set when the task is created, from the
 * activation as it is then (a task that comes back is created again, with fresh numbers).
 */
@Component
class ActivationTaskContext extends AbstractProcessEnginePlugin {

    static final String INSTALLATION_ID = "installationId";
    static final String ACCOUNT_ID = "accountId";

    private static final Set<String> TASKS = Set.of(ActivationProcesses.Update.CONFIGURE_SEATS, ActivationProcesses.Update.CONFIRM_REDUCTION,
            "UserTask_FollowUpNotApplied");

    private final RemoteActivationRepository activations;
    private final Licenses licenses;

    ActivationTaskContext(@Lazy RemoteActivationRepository activations, @Lazy Licenses licenses) {
        this.activations = activations;
        this.licenses = licenses;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskListeners.onCreate(configuration, TASKS, this::name);
    }

    private void name(DelegateTask task) {
        Object activationId = task.getVariable(ActivationVariables.ACTIVATION_ID);
        RemoteActivation a = activationId == null ? null : activations.find(activationId.toString()).orElse(null);
        if (a == null) {
            return;
        }
        License license = licenses.get(a.licenseId());
        task.setName(TaskNames.withContext(task.getName(), a.installationId(), a.licenseId(), license.accountId()));
        Map<String, Object> context = new HashMap<>();
        context.put(INSTALLATION_ID, a.installationId());
        context.put(ActivationVariables.LICENSE_ID, a.licenseId());
        context.put(ACCOUNT_ID, license.accountId());
        context.put(ActivationVariables.CURRENT_SEATS, a.seats());
        context.put(ActivationVariables.AVAILABLE_SEATS, license.available());
        task.setVariables(context);
    }
}
