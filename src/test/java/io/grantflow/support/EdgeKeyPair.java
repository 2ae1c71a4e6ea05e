package io.grantflow.support;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.grantflow.protocol.EdgeTokenSigner;
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
        return new EdgeKeyPair(edgeId, EdgeTokenSigner.newKey());
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

        /** Signed by the edge's signer (ES256, kid = the signing key's thumbprint, low-S), with the claims as built. */
        public String sign() {
            return new EdgeTokenSigner(edgeId, "grantflow", signingKey).sign(typ, claims.build());
        }
    }
}
