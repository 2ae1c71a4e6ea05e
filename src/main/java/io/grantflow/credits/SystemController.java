package io.grantflow.credits;

import org.springframework.lang.Nullable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import lombok.RequiredArgsConstructor;
import io.grantflow.shared.Idempotency;
import io.grantflow.shared.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/** {@code /api/v1/systems}: link a HOME system, read it with its assignments, assign credits to it. */
@RestController
@RequestMapping("/api/v1/systems")
@RequiredArgsConstructor
class SystemController {

    record LinkSystem(@NotBlank @Size(min = 1, max = 64) @Schema(pattern = PlainText.NOT_BLANK) @PlainText String accountId,
            @NotBlank @Size(min = 1, max = 200) @Schema(pattern = PlainText.NOT_BLANK) @PlainText String label,
            @NotNull @Schema(ref = "#/components/schemas/EcPublicJwk") Object systemKey) {
    }

    record Linked(String systemId) {
    }

    record AssignmentSummary(String id, String subscriptionId, long credits, AssignmentState state, boolean downloaded,
            @Nullable Instant autoRevokeAt) {
    }

    record SystemView(String id, String accountId, String label, boolean online, @Nullable Instant lastSeenAt,
            List<AssignmentSummary> assignments) {
    }

    record AssignCredits(@NotBlank @Size(min = 1, max = 64) @Schema(pattern = PlainText.NOT_BLANK) @PlainText String subscriptionId, @NotNull Long credits, Instant autoRevokeAt) {
    }

    record AssignmentStarted(String assignmentId, String processInstanceId, AssignmentState state, @Nullable String warning) {
    }

    private final Systems systems;
    private final CreditAssignments assignments;
    private final Idempotency idempotency;
    private final CreditLists lists;

    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Linked.class)))
    @PostMapping
    ResponseEntity<?> link(@Valid @RequestBody LinkSystem body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotency.run(key, "POST /api/v1/systems", body, () -> {
            String id = systems.link(body.accountId(), body.label(), body.systemKey());
            return ResponseEntity.created(URI.create("/api/v1/systems/" + id)).body(new Linked(id));
        });
    }

    @GetMapping
    Paging.Page<SystemView> list(
            @Parameter(description = Paging.ACCOUNT_DOC) @RequestParam(required = false) String accountId,
            @Parameter(description = Paging.LIMIT_DOC, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = Paging.CURSOR_DOC) @RequestParam(required = false) String cursor, HttpServletRequest http) {
        Paging.Request page = Paging.request(http.getParameterMap(), Set.of("accountId"), limit, cursor);
        return lists.systems(accountId, page, this::view);
    }

    @GetMapping("/{id}")
    SystemView get(@PathVariable String id) {
        return view(systems.get(id));
    }

    private SystemView view(HomeSystem system) {
        List<AssignmentSummary> list = assignments.forSystem(system.id()).stream()
                .map(a -> new AssignmentSummary(a.id(), a.subscriptionId(), a.credits(), a.state(), a.downloaded(), a.autoRevokeAt()))
                .toList();
        return new SystemView(system.id(), system.accountId(), system.label(), systems.isOnline(system), system.lastSeenAt(), list);
    }

    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = AssignmentStarted.class)))
    @PostMapping("/{id}/credit-assignments")
    ResponseEntity<?> assign(@PathVariable String id, @Valid @RequestBody AssignCredits body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return idempotency.run(key, "POST /api/v1/systems/{id}/credit-assignments", Map.of("systemId", id, "body", body), () -> {
            CreditAssignments.Started started = assignments.start(id, body.subscriptionId(), body.credits(), body.autoRevokeAt(),
                    Actors.current());
            return ResponseEntity.accepted().body(new AssignmentStarted(started.assignmentId(), started.processInstanceId(),
                    started.state(), started.warning()));
        });
    }
}
