package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.IssuedToken;
import io.grantflow.tokens.TokenIssuer;
import io.grantflow.tokens.TokenRecords;
import io.grantflow.protocol.TokenType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Credit files: signed for the assignment's system, valid for the configured time but never past the credits' own
 * end; kept in the token records, from which the same file is handed out again.
 */
@Component
@RequiredArgsConstructor
class CreditFiles {

    private final TokenIssuer issuer;
    private final TokenRecords records;
    private final GrantflowProperties properties;

    /** Signs the assignment's credit file, issued {@code now} (whole seconds); answers its jti. */
    String issue(CreditAssignment a, String processInstanceId, Instant now) {
        Instant exp = now.plus(properties.tokens().creditFileTtl());
        if (a.expiresAt().isBefore(exp)) {
            exp = a.expiresAt();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", a.id());
        entry.put("subscription", a.subscriptionId());
        entry.put("credits", a.credits());
        entry.put("expires_at", a.expiresAt().getEpochSecond());
        IssuedToken file = issuer.issue(TokenType.CREDITS, a.systemId(), a.systemId(), now, exp,
                Map.of("assignments", List.of(entry)), processInstanceId);
        return file.jti();
    }

    /** The issued file's text. */
    String text(String fileJti) {
        return records.compact(fileJti).orElseThrow();
    }
}
