package io.grantflow.activation;

import io.grantflow.shared.TaskWorkCheck;
import io.grantflow.shared.UserTaskListeners;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Four-eyes as Tasklist shows it: the operator who configured a reduction is not offered "Confirm seat reduction".
 * When the task appears, a REVOKE of READ on it for that user hides it from their Tasklist and task queries (a
 * user's authorization outweighs the group's grant); should they try it by id (claim, complete, submit the form, take
 * or hand it over), the engine's command guard asks {@link ConfirmReductionWork} first and the refusal is
 * {@code 403 four-eyes} with a readable message instead of the engine's wrapped listener failure. The task listener on complete ({@code fourEyesTaskListener}) and the service
 * ({@code UpdateConfiguration.decideReduction}) still refuse the configurer whatever the way in.
 */
@Component
class FourEyesTasklist extends AbstractProcessEnginePlugin {

    private final ActivationUpdateRepository updates;

    FourEyesTasklist(@Lazy ActivationUpdateRepository updates) {
        this.updates = updates;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskListeners.onCreate(configuration, Set.of(ActivationProcesses.Update.CONFIRM_REDUCTION), this::hideFromConfigurer);
    }

    private void hideFromConfigurer(DelegateTask task) {
        Object updateId = task.getVariable(ActivationVariables.UPDATE_ID);
        String configurer = updateId == null ? null : updates.get(updateId.toString()).configuredBy();
        if (configurer == null) {
            return;
        }
        AuthorizationService authorizations = task.getProcessEngineServices().getAuthorizationService();
        // whoever's step created the task, it may not create authorizations itself
        Context.getCommandContext().runWithoutAuthorization(() -> {
            Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
            revoke.setUserId(configurer);
            revoke.setResource(Resources.TASK);
            revoke.setResourceId(task.getId());
            revoke.removePermission(Permissions.READ);
            return authorizations.saveAuthorization(revoke);
        });
    }

    /** Refuses the configurer any work on the task, and anyone but an operator its completion, whatever the way in. */
    @Component
    static class ConfirmReductionWork implements TaskWorkCheck {

        private final ActivationUpdateRepository updates;
        private final IdentityService identity;

        ConfirmReductionWork(@Lazy ActivationUpdateRepository updates, @Lazy IdentityService identity) {
            this.updates = updates;
            this.identity = identity;
        }

        @Override
        public Set<String> taskDefinitionKeys() {
            return Set.of(ActivationProcesses.Update.CONFIRM_REDUCTION);
        }

        @Override
        public void check(TaskWork work) {
            List<String> configurer = updates.configurerOfTask(work.taskId(), ActivationProcesses.Update.CONFIRM_REDUCTION);
            if (configurer.contains(work.user())) {
                throw FourEyes.refused(FourEyes.message(work.user()));
            }
            if (!configurer.isEmpty() && work.step().finishes() && !EngineUser.isOperator(identity, work.user())) {
                throw FourEyes.refused(FourEyes.notAnOperator(work.user()));
            }
        }
    }
}
