package io.grantflow.security;

import io.grantflow.shared.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/account/api-tokens}: a customer admin issues, lists and revokes its own account's API tokens. Each is
 * bound to the admin's account for ever; another account's token answers {@code 404 not-found}, as one that does not exist.
 */
@RestController
@RequestMapping("/api/v1/account/api-tokens")
class AccountApiTokenController {

    record IssueAccountApiToken(@NotBlank @Size(min = 1, max = 64) @Schema(pattern = PlainText.NOT_BLANK) @PlainText String clientId,
            @NotBlank @Size(min = 1, max = 64) @Schema(description = "customer-admin or customer-viewer", pattern = PlainText.NOT_BLANK)
            @PlainText String group,
            @NotNull Instant expiresAt) {
    }

    private final ApiTokens tokens;
    private final Clock clock;

    AccountApiTokenController(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Operation(summary = "Issue an API token of the caller's own account (customer admins)")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = ApiTokenController.IssuedApiToken.class)))
    @PostMapping
    ResponseEntity<ApiTokenController.IssuedApiToken> issue(@Valid @RequestBody IssueAccountApiToken body) {
        ApiTokens.Issued issued = tokens.issue(body.clientId(), body.group(), body.expiresAt(), ApiTokenController.admin(),
                tokens.callerAccount());
        return ApiTokenController.created("/api/v1/account/api-tokens/", issued, clock);
    }

    @Operation(summary = "The API tokens of the caller's own account")
    @GetMapping
    List<ApiTokenController.ApiTokenView> list() {
        tokens.callerAccount();
        Instant now = clock.instant();
        return tokens.list().stream().map(t -> ApiTokenController.view(t, now)).toList();
    }

    @Operation(summary = "One API token of the caller's own account")
    @GetMapping("/{id}")
    ApiTokenController.ApiTokenView get(@PathVariable String id) {
        tokens.callerAccount();
        return ApiTokenController.view(tokens.get(id), clock.instant());
    }

    /** Refused from the next request on; revoking again changes nothing and answers the same. */
    @Operation(summary = "Revoke an API token of the caller's own account")
    @PostMapping("/{id}/revoke")
    ApiTokenController.ApiTokenView revoke(@PathVariable String id) {
        tokens.callerAccount();
        return ApiTokenController.view(tokens.revoke(id, ApiTokenController.admin()), clock.instant());
    }
}
