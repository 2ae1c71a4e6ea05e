package io.grantflow.tokens;

import io.grantflow.protocol.TokenType;
import io.grantflow.protocol.TokenException;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;

/**
 * A token whose signature, type, audience, times and size passed; not yet recorded against replay.
 *
 * @param signer the installation or HOME system whose registered key verified it, as read for the verification (its
 *     callers need not read it again); null for a token Grantflow signed
 */
public record VerifiedToken(
        TokenType type,
        String issuer,
        String subject,
        String jti,
        Instant issuedAt,
        Instant expiresAt,
        String sha256,
        JWTClaimsSet claims,
        EdgeKeys.EdgeKey signer) {

    public String stringClaim(String name) {
        try {
            String value = claims.getStringClaim(name);
            if (value == null || value.isBlank()) {
                throw TokenException.malformed("Claim '" + name + "' is missing");
            }
            return value;
        } catch (ParseException e) {
            throw TokenException.malformed("Claim '" + name + "' is not a string");
        }
    }

    public long longClaim(String name) {
        Object value = claims.getClaim(name);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw TokenException.malformed("Claim '" + name + "' is missing or not a whole number");
    }
}
