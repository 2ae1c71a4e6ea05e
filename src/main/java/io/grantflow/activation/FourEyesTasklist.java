package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.grantflow.shared.EngineDoor;
import io.grantflow.shared.TaskFormDoor;
import io.grantflow.shared.UserTaskListeners;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Four-eyes as Tasklist shows it: the operator who configured a reduction is not offered "Confirm seat reduction".
 * When the task appears, a REVOKE of READ on it for that user hides it from their Tasklist and task queries (a
 * user's authorization outweighs the group's grant); should they try it by id at an engine door (claim, complete,
 * submit the form, take or hand it over), the refusal is {@code 403 four-eyes} with a readable message instead of
 * the engine's wrapped listener failure. The task listener on complete ({@code fourEyesTaskListener}) and the service
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

    /** Refuses the configurer at the engine's doors before the engine is asked. */
    @Component
    static class DoorCheck extends OncePerRequestFilter {

        private static final Pattern TASK_WORK = Pattern.compile("/task/([^/]+)/(claim|complete|submit-form|resolve|assignee|delegate)/?");

        private final ActivationUpdateRepository updates;
        private final IdentityService identity;
        private final TaskFormDoor taskDoor;

        DoorCheck(@Lazy ActivationUpdateRepository updates, IdentityService identity, TaskFormDoor taskDoor) {
            this.updates = updates;
            this.identity = identity;
            this.taskDoor = taskDoor;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !"POST".equals(request.getMethod());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            EngineDoor door = EngineDoor.of(request);
            Matcher m = door == null ? null : door.signedInMatch(request, TASK_WORK);
            if (m != null) {
                List<String> configurer = configurerOf(m.group(1));
                // refused and recorded for the auditors (the task's timeline), the task left as it was
                if (configurer.contains(door.user())) {
                    taskDoor.refuse(door, m.group(2), m.group(1), response, Refusal.FOUR_EYES, FourEyes.message(door.user()));
                    return;
                }
                if (!configurer.isEmpty() && COMPLETES.contains(m.group(2)) && !EngineUser.isOperator(identity, door.user())) {
                    taskDoor.refuse(door, m.group(2), m.group(1), response, Refusal.FOUR_EYES,
                            FourEyes.notAnOperator(door.user()));
                    return;
                }
            }
            chain.doFilter(request, response);
        }

        private static final List<String> COMPLETES = List.of("complete", "submit-form", "resolve");

        private List<String> configurerOf(String taskId) {
            return updates.configurerOfTask(taskId, ActivationProcesses.Update.CONFIRM_REDUCTION);
        }
    }
}
