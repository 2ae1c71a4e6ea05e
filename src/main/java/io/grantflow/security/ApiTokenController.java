package io.grantflow.security;

import io.grantflow.shared.PlainText;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/api-tokens}: an administrator issues, lists and revokes the API tokens machines call with, the
 * vendor's (a group of the staff's) and an account's ({@code accountId} and a customer's group).
 */
@RestController
@RequestMapping("/api/v1/admin/api-tokens")
class ApiTokenController {

    record IssueApiToken(@NotBlank @Size(min = 1, max = 64) @Schema(pattern = PlainText.NOT_BLANK) @PlainText String clientId,
            @NotBlank @Size(min = 1, max = 64) @Schema(pattern = PlainText.NOT_BLANK) @PlainText String group,
            @NotNull Instant expiresAt,
            @Nullable @Size(min = 1, max = 64) @Schema(description = "The account the token is bound to, for ever; its group is then"
                    + " customer-admin or customer-viewer", pattern = PlainText.NOT_BLANK) @PlainText String accountId) {
    }

    record ApiTokenView(String id, String clientId, String group, ApiToken.State state, Instant createdAt, String createdBy,
            Instant expiresAt, @Nullable Instant revokedAt, @Nullable String revokedBy, @Nullable String accountId) {
    }

    /** The view of a token just issued, with the token itself: shown this once, never again. */
    record IssuedApiToken(String id, String clientId, String group, ApiToken.State state, Instant createdAt, String createdBy,
            Instant expiresAt, @Nullable String accountId, String token) {
    }

    private final ApiTokens tokens;
    private final Clock clock;

    ApiTokenController(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = IssuedApiToken.class)))
    @PostMapping
    ResponseEntity<IssuedApiToken> issue(@Valid @RequestBody IssueApiToken body) {
        ApiTokens.Issued issued = tokens.issue(body.clientId(), body.group(), body.expiresAt(), admin(), body.accountId());
        return created("/api/v1/admin/api-tokens/", issued, clock);
    }

    static ResponseEntity<IssuedApiToken> created(String base, ApiTokens.Issued issued, Clock clock) {
        ApiToken t = issued.token();
        return ResponseEntity.created(URI.create(base + t.id()))
                .body(new IssuedApiToken(t.id(), t.clientId(), t.group(), t.stateAt(clock.instant()), t.createdAt(), t.createdBy(),
                        t.expiresAt(), t.accountId(), issued.secret()));
    }

    @GetMapping
    List<ApiTokenView> list() {
        Instant now = clock.instant();
        return tokens.list().stream().map(t -> view(t, now)).toList();
    }

    @GetMapping("/{id}")
    ApiTokenView get(@PathVariable String id) {
        return view(tokens.get(id), clock.instant());
    }

    /** Refused from the next request on; revoking again changes nothing and answers the same. */
    @PostMapping("/{id}/revoke")
    ApiTokenView revoke(@PathVariable String id) {
        return view(tokens.revoke(id, admin()), clock.instant());
    }

    static ApiTokenView view(ApiToken t, Instant now) {
        return new ApiTokenView(t.id(), t.clientId(), t.group(), t.stateAt(now), t.createdAt(), t.createdBy(), t.expiresAt(),
                t.revokedAt(), t.revokedBy(), t.accountId());
    }

    static String admin() {
        return SecurityContextHolder.getContext().getAuthentication().getName();
    }
}
