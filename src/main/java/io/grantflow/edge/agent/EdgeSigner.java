package io.grantflow.edge.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** Signs the edge's own tokens: iss = the edge id, aud = Grantflow's issuer, kid = the key's JWK thumbprint. */
final class EdgeSigner {

    record Signed(String jti, String compact, Instant expiresAt) {
    }

    private final EdgeIdentity identity;
    private final ECKey key;

    EdgeSigner(EdgeIdentity identity) {
        this.identity = identity;
        this.key = identity.privateKey();
    }

    Signed sign(TokenType type, String subject, Instant now, Duration ttl, Map<String, Object> claims) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(identity.requireId())
                .audience(identity.issuer)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)))
                .jwtID(jti);
        claims.forEach(body::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type.typ()))
                    .keyID(key.computeThumbprint().toString()).build(), body.build());
            // low-S: Grantflow knows a token by one text (JwsChecks.canonical)
            return new Signed(jti, JwsChecks.signLowS(jwt, new ECDSASigner(key)), issuedAt.plus(ttl));
        } catch (JOSEException e) {
            throw new AgentException("signing-failed", "Cannot sign a " + type.typ() + " token: " + e.getMessage());
        }
    }
}
