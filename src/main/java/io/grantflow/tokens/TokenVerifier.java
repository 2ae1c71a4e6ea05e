package io.grantflow.tokens;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenType;
import io.grantflow.protocol.TokenException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Verifies tokens signed by the edge (update, receipt, revoke, disconnect, call-in) against the registered key of their
 * {@code iss}, and Grantflow's own tokens against its signing keys. Each refusal carries its stable code.
 * Verification changes nothing; {@link EdgeTokens} accepts: it binds the token to its flow and spends the jti.
 */
@Component
@RequiredArgsConstructor
public class TokenVerifier {

    private static final Set<TokenType> EDGE_TYPES = Set.of(TokenType.UPDATE, TokenType.RECEIPT, TokenType.REVOKE,
            TokenType.DISCONNECT, TokenType.CALLIN);

    private final EdgeKeys edgeKeys;
    private final SigningKeys signingKeys;
    private final TokenRecords records;
    private final Clock clock;
    private final GrantflowProperties properties;
    private final MeterRegistry meters;

    /**
     * An edge token of the expected type, addressed to Grantflow, from a registered and enabled edge, not used before:
     * an inspection that changes nothing. Flows accept edge tokens through {@link EdgeTokens}, which also binds them
     * to what they name and spends the jti.
     */
    public VerifiedToken verifyFromEdge(String compact, TokenType expected) {
        return counted(expected, () -> fromEdge(compact, expected));
    }

    /** Every refusal is counted by typ and code, for operators' dashboards (grantflow.tokens.refused). */
    private VerifiedToken counted(TokenType expected, Supplier<VerifiedToken> verification) {
        try {
            return verification.get();
        } catch (TokenException e) {
            countRefusal(expected, e.code());
            throw e;
        }
    }

    void countRefusal(TokenType type, String code) {
        meters.counter("grantflow.tokens.refused", "typ", type.typ(), "code", code).increment();
    }

    private VerifiedToken fromEdge(String compact, TokenType expected) {
        if (!EDGE_TYPES.contains(expected)) {
            throw new IllegalArgumentException(expected + " is not signed by the edge");
        }
        SignedJWT jwt = JwsChecks.parse(compact, properties.tokens().maxTokenBytes());
        JwsChecks.type(jwt, expected);
        JWTClaimsSet unverified = JwsChecks.claims(jwt);
        JwsChecks.plainIdentifiers(unverified);
        String issuer = unverified.getIssuer();
        EdgeKeys.EdgeKey edge = edgeKeys.find(issuer)
                .orElseThrow(() -> new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "No registered installation or system '" + issuer + "'"));
        if (edge.disabled()) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "The key of '" + issuer + "' is no longer accepted");
        }
        // A kid is only a hint (libraries put a label there): the issuer's one registered key decides.
        JwsChecks.signature(jwt, edge.key());
        return checkClaims(jwt, expected, properties.issuer(), edge);
    }

    /** A token Grantflow signed (e.g. handed back for inspection); replay is not checked. */
    public VerifiedToken verifyOwn(String compact, TokenType expected, String audience) {
        return counted(expected, () -> own(compact, expected, audience));
    }

    private VerifiedToken own(String compact, TokenType expected, String audience) {
        SignedJWT jwt = JwsChecks.parse(compact, properties.tokens().maxTokenBytes());
        JwsChecks.type(jwt, expected);
        String kid = jwt.getHeader().getKeyID();
        ECKey key = (kid == null ? null : signingKeys.find(kid).orElse(null));
        if (key == null) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "Unknown key id " + kid);
        }
        JwsChecks.signature(jwt, key);
        JWTClaimsSet claims = JwsChecks.claims(jwt);
        if (!properties.issuer().equals(claims.getIssuer())) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "The token was not issued by " + properties.issuer());
        }
        JwsChecks.audience(claims, audience);
        JwsChecks.times(claims, clock.instant(), properties.tokens().leeway());
        return toVerified(jwt, expected, claims, JwsChecks.requireJti(claims), null);
    }

    private VerifiedToken checkClaims(SignedJWT jwt, TokenType type, String audience, EdgeKeys.EdgeKey signer) {
        JWTClaimsSet claims = JwsChecks.claims(jwt);
        JwsChecks.audience(claims, audience);
        Instant now = clock.instant();
        JwsChecks.times(claims, now, properties.tokens().leeway());
        String jti = JwsChecks.requireJti(claims);
        // Every edge token says when it was made (the auditors' token history shows it); a call-in bearer is short-lived.
        Instant iat = claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant();
        if (iat == null) {
            throw TokenException.malformed("An edge token needs iat (when it was signed)");
        }
        if (type == TokenType.CALLIN && claims.getExpirationTime().toInstant().isAfter(iat.plus(properties.tokens().callinMaxTtl()))) {
            throw new TokenException(Refusal.TOKEN_LIFETIME_TOO_LONG, "A call-in token may live at most " + properties.tokens().callinMaxTtl());
        }
        if (records.seen(signer.edgeId(), jti)) {
            throw new TokenException(Refusal.TOKEN_REPLAYED, "This token (jti " + jti + ") was used before");
        }
        return toVerified(jwt, type, claims, jti, signer);
    }

    /** The hash is of the token's canonical (low-S) text: a token and its (r, n - s) twin are one token to the registry. */
    private static VerifiedToken toVerified(SignedJWT jwt, TokenType type, JWTClaimsSet claims, String jti, EdgeKeys.EdgeKey signer) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw TokenException.malformed("The token has no sub");
        }
        return new VerifiedToken(type, claims.getIssuer(), subject, jti,
                claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant(),
                claims.getExpirationTime().toInstant(), JwsChecks.sha256(JwsChecks.canonical(jwt)), claims, signer);
    }
}
