package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import lombok.RequiredArgsConstructor;
import io.grantflow.activation.ActivationRequests.ActivationStarted;
import io.grantflow.activation.ActivationRequests.ActivationView;
import io.grantflow.activation.ActivationRequests.AddActivation;
import io.grantflow.activation.ActivationRequests.DisconnectProofAccepted;
import io.grantflow.activation.ActivationRequests.DisconnectStarted;
import io.grantflow.activation.ActivationRequests.ReceiptAccepted;
import io.grantflow.activation.ActivationRequests.TokenBody;
import io.grantflow.activation.ActivationRequests.UpdateView;
import io.grantflow.ledger.HolderBalance;
import io.grantflow.shared.Idempotency;
import io.grantflow.shared.Paging;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import io.grantflow.tokens.TokenRecords;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Add, read, disconnect a remote activation; its connection token; the installation's receipts and disconnect proofs. */
@RestController
@RequiredArgsConstructor
class RemoteActivationController {

    static final MediaType JWT = MediaType.parseMediaType("application/jwt");

    private final RemoteActivations activations;
    private final ActivationReceipts receipts;
    private final ActivationDisconnectProofs disconnectProofs;
    private final TokenRecords tokens;
    private final Idempotency idempotency;
    private final ActivationLists lists;

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ActivationStarted.class)))
    @PostMapping(path = "/api/v1/licenses/{licenseId}/remote-activations", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> add(@PathVariable String licenseId, @Valid @RequestBody AddActivation body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("licenseId", licenseId);
        request.put("body", body);
        return idempotency.run(key, "POST /api/v1/licenses/{id}/remote-activations", request, () -> {
            RemoteActivations.Started started = EngineUser.keepingCodes(() -> activations.add(licenseId, body.installationId(), body.installationKey(),
                    body.seats(), body.expiresAt(), EngineUser.current()));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ActivationStarted(started.activationId(), started.processInstanceId()));
        });
    }

    @GetMapping("/api/v1/remote-activations")
    Paging.Page<ActivationView> list(
            @Parameter(description = Paging.ACCOUNT_DOC) @RequestParam(required = false) String accountId,
            @Parameter(description = "Only this license's activations") @RequestParam(required = false) String licenseId,
            @Parameter(description = "Only activations in this state; another value is 400 `invalid-state`",
                    schema = @Schema(implementation = ActivationState.class)) @RequestParam(required = false) String state,
            @Parameter(description = Paging.LIMIT_DOC, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = Paging.CURSOR_DOC) @RequestParam(required = false) String cursor, HttpServletRequest http) {
        Paging.Request page = Paging.request(http.getParameterMap(), Set.of("accountId", "licenseId", "state"), limit, cursor);
        return lists.activations(accountId, licenseId, Paging.state(ActivationState.class, state), page, this::view);
    }

    @GetMapping("/api/v1/remote-activations/{id}/updates")
    Paging.Page<UpdateView> updates(@PathVariable String id,
            @Parameter(description = "Only updates in this status; another value is 400 `invalid-state`",
                    schema = @Schema(implementation = UpdateStatus.class)) @RequestParam(required = false) String status,
            @Parameter(description = Paging.LIMIT_DOC, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = Paging.CURSOR_DOC) @RequestParam(required = false) String cursor, HttpServletRequest http) {
        Paging.Request page = Paging.request(http.getParameterMap(), Set.of("status"), limit, cursor);
        return lists.updates(id, Paging.state(UpdateStatus.class, status), page, ActivationUpdateController::view);
    }

    @GetMapping("/api/v1/remote-activations/{id}")
    ActivationView get(@PathVariable String id) {
        return view(activations.get(id));
    }

    @GetMapping(path = "/api/v1/remote-activations/{id}/connection-token")
    ResponseEntity<String> connectionToken(@PathVariable String id) {
        RemoteActivation a = activations.get(id);
        a.requireTokensServed();
        return jwt(a.currentConnectionJti(), tokens, a.id());
    }

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = DisconnectStarted.class)))
    @PostMapping(path = "/api/v1/remote-activations/{id}/disconnect")
    ResponseEntity<?> disconnect(@PathVariable String id, @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        activations.get(id);
        return idempotency.run(key, "POST /api/v1/remote-activations/{id}/disconnect", Map.of("id", id), () -> {
            RemoteActivations.Started started = EngineUser.keepingCodes(() -> activations.startDisconnect(id, EngineUser.current()));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new DisconnectStarted(id, started.processInstanceId(),
                    activations.get(id).state()));
        });
    }

    /** The edge's endpoint: no login, the receipt's signature by the installation's registered key is the proof. */
    @PostMapping(path = "/api/v1/remote-activations/{id}/receipts", consumes = "application/jwt")
    ReceiptAccepted receipt(@PathVariable String id, @RequestBody String compact) {
        ActivationReceipts.Accepted accepted = EngineUser.keepingCodes(() -> receipts.receive(id, null, compact.strip()));
        return new ReceiptAccepted(accepted.activationId(), accepted.updateId(), accepted.connectionJti(), accepted.receiptJti());
    }

    @PostMapping(path = "/api/v1/remote-activations/{id}/receipts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReceiptAccepted receiptJson(@PathVariable String id, @Valid @RequestBody TokenBody body) {
        return receipt(id, body.token());
    }

    /** The edge's endpoint, like receipts: the proof's signature by the installation's registered key is the proof. */
    @PostMapping(path = "/api/v1/remote-activations/{id}/disconnect-proofs", consumes = "application/jwt")
    DisconnectProofAccepted disconnectProof(@PathVariable String id, @RequestBody String compact) {
        ActivationDisconnectProofs.Accepted accepted = EngineUser.keepingCodes(() -> disconnectProofs.receive(id, null, compact.strip()));
        return new DisconnectProofAccepted(accepted.activationId(), accepted.connectionJti(), accepted.proofJti(), accepted.seatsReleased(),
                activations.get(id).state());
    }

    @PostMapping(path = "/api/v1/remote-activations/{id}/disconnect-proofs", consumes = MediaType.APPLICATION_JSON_VALUE)
    DisconnectProofAccepted disconnectProofJson(@PathVariable String id, @Valid @RequestBody TokenBody body) {
        return disconnectProof(id, body.token());
    }

    ActivationView view(RemoteActivation a) {
        HolderBalance holding = activations.holding(a);
        return new ActivationView(a.id(), a.licenseId(), a.installationId(), a.state(), a.seats(), holding.pending(), a.expiresAt(),
                a.expiryWarningAt() != null, a.expiryWarningAt(), a.pendingUpdateId(),
                a.connectionTokenApplied());
    }

    static ResponseEntity<String> jwt(String jti, TokenRecords tokens, String name) {
        String compact = jti == null ? null : tokens.compact(jti).orElse(null);
        if (compact == null) {
            throw Refusal.NOT_READY.exception("No connection token has been issued yet");
        }
        return ResponseEntity.ok().contentType(JWT)
                .header("Content-Disposition", "attachment; filename=\"" + name + ".connection.jwt\"")
                .body(compact);
    }
}
