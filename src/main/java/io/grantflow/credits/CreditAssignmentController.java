package io.grantflow.credits;

import io.grantflow.protocol.Refusal;

import org.springframework.lang.Nullable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import lombok.RequiredArgsConstructor;
import io.grantflow.shared.Idempotency;
import jakarta.validation.Valid;
import io.grantflow.ledger.LedgerService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import io.grantflow.shared.Paging;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/credit-assignments/{id}}: read, download the credit file, revoke. */
@RestController
@RequestMapping("/api/v1/credit-assignments")
@RequiredArgsConstructor
class CreditAssignmentController {

    static final MediaType JWT = MediaType.parseMediaType("application/jwt");

    record AssignmentView(String id, String systemId, String subscriptionId, long credits, AssignmentState state,
            boolean downloaded, @Nullable Instant autoRevokeAt, @Nullable Instant expiresAt, @Nullable String fileJti, @Nullable String warning,
            String processInstanceId, @Nullable String revokeProcessInstanceId, @Nullable CreditRevocations.Status revokeStatus,
            @Nullable String revokeProof,
            List<LedgerRow> ledger) {
    }

    /** The assignment's movements on its subscription's ledger: each step with its reason and proof. */
    record LedgerRow(long seq, String movementId, String kind, long amount, long availableAfter, @Nullable String reason, @Nullable String proof,
            String actor, Instant at) {
    }

    /**
     * {@code {}} starts a revoke; {@code {revokeKey}} hands in the key a waiting revoke needs (its size is the token
     * checks' to refuse: {@code token-too-large}, however the key comes).
     */
    record Revocation(@Nullable String revokeKey) {
    }

    record RevocationAnswer(CreditRevocations.Status status, String processInstanceId) {
    }

    private final CreditAssignments assignments;
    private final CreditRevocations revocations;
    private final Idempotency idempotency;
    private final LedgerService ledger;
    private final CreditLists lists;

    @GetMapping
    Paging.Page<AssignmentView> list(
            @Parameter(description = Paging.ACCOUNT_DOC) @RequestParam(required = false) String accountId,
            @Parameter(description = "Only this HOME system's assignments") @RequestParam(required = false) String systemId,
            @Parameter(description = "Only this subscription's assignments") @RequestParam(required = false) String subscriptionId,
            @Parameter(description = "Only assignments in this state; another value is 400 `invalid-state`",
                    schema = @Schema(implementation = AssignmentState.class)) @RequestParam(required = false) String state,
            @Parameter(description = Paging.LIMIT_DOC, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = Paging.CURSOR_DOC) @RequestParam(required = false) String cursor, HttpServletRequest http) {
        Paging.Request page = Paging.request(http.getParameterMap(), Set.of("accountId", "systemId", "subscriptionId", "state"), limit,
                cursor);
        return lists.assignments(accountId, systemId, subscriptionId, Paging.state(AssignmentState.class, state), page, this::view);
    }

    @GetMapping("/{id}")
    AssignmentView get(@PathVariable String id) {
        return view(assignments.get(id));
    }

    private AssignmentView view(CreditAssignment a) {
        return new AssignmentView(a.id(), a.systemId(), a.subscriptionId(), a.credits(), a.state(), a.downloaded(),
                a.autoRevokeAt(), a.expiresAt(), a.fileJti(), a.warning(), a.processInstanceId(), a.revokeProcessInstanceId(),
                revocations.waitingFor(a), a.revokeProof(),
                ledger.entries(a.subscriptionId(), a.id(), null, null).stream()
                        .map(e -> new LedgerRow(e.seq(), e.movementId(), e.kind().name(), e.amount(), e.availableAfter(), e.reason(),
                                e.proof(), e.actor(), e.createdAt()))
                        .toList());
    }

    @PostMapping("/{id}/download")
    ResponseEntity<String> download(@PathVariable String id) {
        String file = assignments.download(id, Actors.current());
        return creditFile(id, file);
    }

    /** The issued file again, e.g. after "Deliver credit file" was completed in Tasklist; operators only. */
    @GetMapping("/{id}/credit-file")
    ResponseEntity<String> file(@PathVariable String id) {
        CreditAssignment found = assignments.get(id);
        if (!Actors.handsOutCreditFiles()) {
            throw Refusal.FORBIDDEN.exception("Only operators and the account's admins hand out credit files");
        }
        return creditFile(found.id(), assignments.servedCreditFile(id));
    }

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = RevocationAnswer.class)))
    @PostMapping("/{id}/revocations")
    ResponseEntity<?> revoke(@PathVariable String id, @Valid @RequestBody Revocation body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotency.run(key, "POST /api/v1/credit-assignments/{id}/revocations", Map.of("assignmentId", id, "body", body),
                () -> {
                    if (body.revokeKey() != null) {
                        CreditRevocations.Status status = revocations.enterRevokeKey(id, body.revokeKey().strip(), Actors.current());
                        return ResponseEntity.accepted().body(new RevocationAnswer(status, assignments.get(id).revokeProcessInstanceId()));
                    }
                    CreditRevocations.Started started = revocations.start(id, Actors.current());
                    return ResponseEntity.accepted().body(new RevocationAnswer(started.status(), started.processInstanceId()));
                });
    }

    private static ResponseEntity<String> creditFile(String id, String file) {
        return ResponseEntity.ok().contentType(JWT)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"credits-" + id + ".jwt\"")
                .body(file);
    }
}
