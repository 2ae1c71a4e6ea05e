package io.grantflow.activation;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import lombok.RequiredArgsConstructor;
import io.grantflow.activation.ActivationRequests.ReductionApproval;
import io.grantflow.activation.ActivationRequests.SeatConfiguration;
import io.grantflow.activation.ActivationRequests.TokenBody;
import io.grantflow.activation.ActivationRequests.UpdateStarted;
import io.grantflow.activation.ActivationRequests.UpdateView;
import io.grantflow.shared.Idempotency;
import io.grantflow.tokens.TokenRecords;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
@RequiredArgsConstructor
class ActivationUpdateController {

    private final ActivationUpdates updates;
    private final RemoteActivations activations;
    private final UpdateSteps steps;
    private final TokenRecords tokens;
    private final Idempotency idempotency;

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = UpdateStarted.class)))
    @PostMapping(consumes = "application/jwt")
    ResponseEntity<?> start(@RequestBody String compact, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        String token = compact.strip();
        return idempotency.run(key, "POST /api/v1/remote-activations/updates", Map.of("token", token), () -> {
            ActivationUpdates.Started started = EngineUser.keepingCodes(() -> updates.start(token, EngineUser.current()));
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(new UpdateStarted(started.updateId(), started.activationId(), started.processInstanceId()));
        });
    }

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = UpdateStarted.class)))
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
        return view(steps.configureSeats(updateId, body.seats(), body.expiresAt()));
    }

    /** The step of "Confirm seat reduction"; the configurer is refused with 403 four-eyes. */
    @PostMapping(path = "/{updateId}/reduction-approval", consumes = MediaType.APPLICATION_JSON_VALUE)
    UpdateView approve(@PathVariable String updateId, @Valid @RequestBody ReductionApproval body) {
        return view(steps.confirmReduction(updateId, body.approved()));
    }

    @GetMapping("/{updateId}/connection-token")
    ResponseEntity<String> connectionToken(@PathVariable String updateId) {
        ActivationUpdate u = updates.get(updateId);
        activations.get(u.activationId()).requireServed(u.connectionJti());
        return RemoteActivationController.jwt(u.connectionJti(), tokens, u.activationId());
    }

    static UpdateView view(ActivationUpdate u) {
        return new UpdateView(u.id(), u.activationId(), u.status(), u.currentSeats(), u.currentExpiresAt(), u.requestedSeats(),
                u.requestedExpiresAt(), u.configuredBy(), u.approvedBy(), u.message(), u.updateTokenExpiresAt(), u.processInstanceId(),
                u.connectionJti() != null);
    }
}
