package io.grantflow.credits;

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
 * The credit tasks say which HOME system, subscription and account they are about, in Tasklist's list
 * ("Enter revoke key — Studio A (SYS-…, SUB-1, ACME)") and on their forms: set when the task is created.
 */
@Component
class CreditTaskContext extends AbstractProcessEnginePlugin {

    static final String SYSTEM_LABEL = "systemLabel";
    static final String ACCOUNT_ID = "accountId";

    private static final Set<String> TASKS = Set.of(CreditAssignmentProcess.USER_TASK_DELIVER, CreditRevokeProcess.USER_TASK_ENTER_KEY);

    private final Systems systems;
    private final Subscriptions subscriptions;

    CreditTaskContext(@Lazy Systems systems, @Lazy Subscriptions subscriptions) {
        this.systems = systems;
        this.subscriptions = subscriptions;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        UserTaskListeners.onCreate(configuration, TASKS, this::name);
    }

    private void name(DelegateTask task) {
        Object systemId = task.getVariable(CreditVariables.SYSTEM_ID);
        Object subscriptionId = task.getVariable(CreditVariables.SUBSCRIPTION_ID);
        HomeSystem system = systemId == null ? null : systems.find(systemId.toString()).orElse(null);
        Subscription subscription = subscriptionId == null ? null : subscriptions.find(subscriptionId.toString()).orElse(null);
        if (system == null) {
            return;
        }
        boolean labelled = system.label() != null && !system.label().isBlank();
        task.setName(TaskNames.withContext(task.getName(), labelled ? system.label() : system.id(), labelled ? system.id() : null,
                subscription == null ? null : subscription.id(), system.accountId()));
        Map<String, Object> context = new HashMap<>();
        context.put(SYSTEM_LABEL, system.label());
        context.put(ACCOUNT_ID, system.accountId());
        task.setVariables(context);
    }
}
