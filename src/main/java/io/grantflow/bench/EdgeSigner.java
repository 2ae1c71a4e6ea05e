package io.grantflow.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.JwsChecks;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** An installation's or HOME system's key pair, made here as the edge makes it, and the tokens it signs. */
final class EdgeSigner {

    private final String edgeId;
    private final String audience;
    private final ECKey key;
    private final ECDSASigner signer;

    private EdgeSigner(String edgeId, String audience, ECKey key) throws JOSEException {
        this.edgeId = edgeId;
        this.audience = audience;
        this.key = key;
        this.signer = new ECDSASigner(key);
    }

    static EdgeSigner create(String edgeId, String audience) {
        try {
            return new EdgeSigner(edgeId, audience, new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String id() {
        return edgeId;
    }

    ECKey publicKey() {
        return key.toPublicJWK();
    }

    Map<String, Object> publicJwk() {
        return key.toPublicJWK().toJSONObject();
    }

    String sign(String typ, String subject, Map<String, Object> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(edgeId).audience(audience).subject(subject)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(typ))
                .keyID(key.getKeyID()).build(), set.build());
        try {
            // low-S, as every signer of Grantflow's signs (JwsChecks.canonical)
            return JwsChecks.signLowS(jwt, signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jti(String compact) {
        try {
            return SignedJWT.parse(compact).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
