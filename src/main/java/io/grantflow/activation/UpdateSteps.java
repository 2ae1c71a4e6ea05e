package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's steps of an update, the same as its Tasklist tasks, for callers that are not Tasklist (the REST API):
 * each completes the task as the signed-in user, so the engine's authorizations and four-eyes apply.
 */
@Service
@RequiredArgsConstructor
class UpdateSteps {

    private final ActivationUpdateRepository updates;
    private final RemoteActivationRepository activations;
    private final UpdateConfiguration configuration;
    private final TaskService tasks;
    private final EngineUser engineUser;
    private final TransactionTemplate tx;

    /**
     * "Configure printer seats": pre-checked, so a refusal ({@code seats-exceed-license}, …) leaves the task where it
     * is; {@code expiresAt} null keeps the activation's expiry.
     */
    public ActivationUpdate configureSeats(String updateId, long seats, Instant expiresAt) {
        ActivationUpdate u = updates.get(updateId);
        Task task = task(u, ActivationProcesses.Update.CONFIGURE_SEATS);
        RemoteActivation a = activations.get(u.activationId());
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.NEW_SEATS, seats);
        vars.put(ActivationVariables.NEW_EXPIRES_AT, expiresAt == null ? "" : expiresAt.toString());
        EngineUser.keepingCodes(() -> tx.execute(s -> {
            configuration.check(a, seats, expiresAt == null ? a.expiresAt() : expiresAt);
            return engineUser.run(() -> {
                tasks.complete(task.getId(), vars);
                return null;
            });
        }));
        return updates.get(updateId);
    }

    /** "Confirm seat reduction"; the operator who configured it is refused with {@code 403 four-eyes}. */
    public ActivationUpdate confirmReduction(String updateId, boolean approved) {
        ActivationUpdate u = updates.get(updateId);
        Task task = task(u, ActivationProcesses.Update.CONFIRM_REDUCTION);
        FourEyes.refuseConfigurer(u, EngineUser.current());
        EngineUser.keepingCodes(() -> tx.execute(s -> engineUser.run(() -> {
            tasks.complete(task.getId(), Map.of(ActivationVariables.APPROVED, approved));
            return null;
        })));
        return updates.get(updateId);
    }

    /** Whether the update's flow waits at this step now (a page offers the step only then). */
    boolean waitsFor(ActivationUpdate u, String taskKey) {
        return u.processInstanceId() != null
                && tasks.createTaskQuery().processInstanceId(u.processInstanceId()).taskDefinitionKey(taskKey).count() > 0;
    }

    private Task task(ActivationUpdate u, String taskKey) {
        Task task = u.processInstanceId() == null ? null
                : tasks.createTaskQuery().processInstanceId(u.processInstanceId()).taskDefinitionKey(taskKey).singleResult();
        if (task == null) {
            throw Refusal.NO_SUCH_STEP.exception("Update " + u.id() + " is " + u.status() + ", not waiting for this step");
        }
        return task;
    }
}
