package io.grantflow.support;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An installation's or HOME system's key pair, made outside Grantflow as the edge makes it, and the tokens it
 * signs. The builder lets a test break any one thing (type, audience, times, jti) to see it refused.
 */
public final class EdgeKeyPair {

    private final String edgeId;
    private final ECKey key;

    private EdgeKeyPair(String edgeId, ECKey key) {
        this.edgeId = edgeId;
        this.key = key;
    }

    public static EdgeKeyPair create(String edgeId) {
        try {
            return new EdgeKeyPair(edgeId, new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return edgeId;
    }

    public ECKey privateKey() {
        return key;
    }

    /** The public JWK as a JSON object, what an operator registers. */
    public Map<String, Object> publicJwk() {
        return key.toPublicJWK().toJSONObject();
    }

    public TokenBuilder token(String typ, String subject) {
        return new TokenBuilder(typ, subject);
    }

    public final class TokenBuilder {
        private String typ;
        private final JWTClaimsSet.Builder claims;
        private Instant issuedAt = Instant.now();
        private ECKey signingKey = key;

        private TokenBuilder(String typ, String subject) {
            this.typ = typ;
            this.claims = new JWTClaimsSet.Builder().issuer(edgeId).audience("grantflow").subject(subject)
                    .jwtID(UUID.randomUUID().toString());
            ttl(Duration.ofMinutes(5));
        }

        public TokenBuilder claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        public TokenBuilder claims(Consumer<JWTClaimsSet.Builder> change) {
            change.accept(claims);
            return this;
        }

        public TokenBuilder type(String typ) {
            this.typ = typ;
            return this;
        }

        public TokenBuilder issuedAt(Instant at) {
            this.issuedAt = at;
            return this;
        }

        public TokenBuilder ttl(Duration ttl) {
            claims.issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(ttl)));
            return this;
        }

        public TokenBuilder signedBy(EdgeKeyPair other) {
            this.signingKey = other.key;
            return this;
        }

        public String sign() {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(typ))
                    .keyID(signingKey.getKeyID()).build(), claims.build());
            try {
                jwt.sign(new ECDSASigner(signingKey));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }
}
