package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.TokenType;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.IssuedToken;
import io.grantflow.tokens.TokenIssuer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one place a connection token is signed, for an add and for an update: the seats and expiry it carries, its
 * nonce, and the activation's record of its newest token.
 */
@Component
@RequiredArgsConstructor
class ConnectionTokens {

    private final TokenIssuer issuer;
    private final RemoteActivationRepository activations;
    private final GrantflowProperties properties;
    private final Clock clock;

    /** Signs the token and records it as the activation's newest; {@code nonce} ties it to the update (or the add). */
    IssuedToken issue(RemoteActivation a, long seats, Instant activationExp, String nonce, String processInstanceId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = TimeRules.connectionTokenExpiry(now, properties.tokens().connectionTokenTtl(), activationExp);
        Map<String, Object> claims = new HashMap<>();
        claims.put("seats", seats);
        claims.put("activation_exp", activationExp.getEpochSecond());
        claims.put("nonce", nonce);
        claims.put("license", a.licenseId());
        IssuedToken token = issuer.issue(TokenType.CONNECTION, a.installationId(), a.id(), now, exp, claims, processInstanceId);
        activations.setCurrentConnectionJti(a.id(), token.jti());
        return token;
    }
}
