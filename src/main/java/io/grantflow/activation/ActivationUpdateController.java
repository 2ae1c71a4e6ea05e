package io.grantflow.activation;

import io.grantflow.activation.ActivationRequests.ReductionApproval;
import io.grantflow.activation.ActivationRequests.SeatConfiguration;
import io.grantflow.activation.ActivationRequests.TokenBody;
import io.grantflow.activation.ActivationRequests.UpdateStarted;
import io.grantflow.activation.ActivationRequests.UpdateView;
import io.grantflow.shared.GrantflowException;
import io.grantflow.shared.Idempotency;
import io.grantflow.tokens.TokenRecords;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Updates: start one with an update token, then the same steps as the Tasklist tasks. */
@RestController
@RequestMapping("/api/v1/remote-activations/updates")
class ActivationUpdateController {

    static final String CONFIGURE_SEATS = "UserTask_ConfigureSeats";
    static final String CONFIRM_REDUCTION = "UserTask_ConfirmReduction";

    private final ActivationUpdates updates;
    private final RemoteActivations activations;
    private final TaskService tasks;
    private final TokenRecords tokens;
    private final Idempotency idempotency;
    private final EngineUser engineUser;
    private final TransactionTemplate tx;

    ActivationUpdateController(ActivationUpdates updates, RemoteActivations activations, TaskService tasks, TokenRecords tokens,
            Idempotency idempotency, EngineUser engineUser, TransactionTemplate tx) {
        this.updates = updates;
        this.activations = activations;
        this.tasks = tasks;
        this.tokens = tokens;
        this.idempotency = idempotency;
        this.engineUser = engineUser;
        this.tx = tx;
    }

    @PostMapping(consumes = "application/jwt")
    ResponseEntity<?> start(@RequestBody String compact, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        String token = compact.strip();
        return idempotency.run(key, "POST /api/v1/remote-activations/updates", Map.of("token", token), () -> {
            ActivationUpdates.Started started = RemoteActivationController.engine(() -> updates.start(token, EngineUser.current()));
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new UpdateStarted(started.updateId(), started.activationId(), started.processInstanceId()));
        });
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> startJson(@Valid @RequestBody TokenBody body, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return start(body.token(), key);
    }

    @GetMapping("/{updateId}")
    UpdateView get(@PathVariable String updateId) {
        return view(updates.get(updateId));
    }

    /** The step of "Configure printer seats": pre-checked, so a refusal leaves the task where it is. */
    @PostMapping(path = "/{updateId}/seat-configuration", consumes = MediaType.APPLICATION_JSON_VALUE)
    UpdateView configure(@PathVariable String updateId, @Valid @RequestBody SeatConfiguration body) {
        ActivationUpdate u = updates.get(updateId);
        Task task = task(u, CONFIGURE_SEATS);
        RemoteActivation a = activations.get(u.activationId());
        Instant expiresAt = body.expiresAt() == null ? a.expiresAt() : body.expiresAt();
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.NEW_SEATS, body.seats());
        vars.put(ActivationVariables.NEW_EXPIRES_AT, body.expiresAt() == null ? "" : body.expiresAt().toString());
        RemoteActivationController.engine(() -> tx.execute(s -> {
            updates.check(a, body.seats(), expiresAt);
            return engineUser.run(() -> {
                tasks.complete(task.getId(), vars);
                return null;
            });
        }));
        return view(updates.get(updateId));
    }

    /** The step of "Confirm seat reduction"; the configurer is refused with 403 four-eyes. */
    @PostMapping(path = "/{updateId}/reduction-approval", consumes = MediaType.APPLICATION_JSON_VALUE)
    UpdateView approve(@PathVariable String updateId, @Valid @RequestBody ReductionApproval body) {
        ActivationUpdate u = updates.get(updateId);
        Task task = task(u, CONFIRM_REDUCTION);
        RemoteActivationController.engine(() -> tx.execute(s -> engineUser.run(() -> {
            tasks.complete(task.getId(), Map.of(ActivationVariables.APPROVED, body.approved()));
            return null;
        })));
        return view(updates.get(updateId));
    }

    @GetMapping("/{updateId}/connection-token")
    ResponseEntity<String> connectionToken(@PathVariable String updateId) {
        ActivationUpdate u = updates.get(updateId);
        return RemoteActivationController.jwt(u.connectionJti(), tokens, u.activationId());
    }

    private Task task(ActivationUpdate u, String taskKey) {
        Task task = u.processInstanceId() == null ? null
                : tasks.createTaskQuery().processInstanceId(u.processInstanceId()).taskDefinitionKey(taskKey).singleResult();
        if (task == null) {
            throw GrantflowException.conflict("no-such-step", "Update " + u.id() + " is " + u.status() + ", not waiting for this step");
        }
        return task;
    }

    static UpdateView view(ActivationUpdate u) {
        return new UpdateView(u.id(), u.activationId(), u.status(), u.currentSeats(), u.currentExpiresAt(), u.requestedSeats(),
                u.requestedExpiresAt(), u.configuredBy(), u.approvedBy(), u.message(), u.updateTokenExpiresAt(), u.processInstanceId(),
                u.connectionJti() != null);
    }
}
