package io.grantflow.edge.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A throwaway "Grantflow" signing key and the files it signs, each of which a test may break in one way. */
final class FakeGrantflowKeys {

    private final ECKey key;

    FakeGrantflowKeys() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("gf-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    Path writeJwks(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("jwks-" + key.getKeyID() + ".json");
            Files.writeString(file, new JWKSet(key.toPublicJWK()).toString(true));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Builder connection(String installationId, String activationId, int seats) {
        return new Builder("connection+jwt", installationId, activationId)
                .claim("seats", seats)
                .claim("activation_exp", Instant.now().plus(Duration.ofDays(365)).getEpochSecond())
                .claim("nonce", "new-activation")
                .claim("license", "LIC-TEST");
    }

    Builder credits(String systemId, String assignmentId, int credits) {
        return new Builder("credits+jwt", systemId, systemId)
                .claim("assignments", List.of(Map.of("id", assignmentId, "subscription", "SUB-TEST", "credits", credits,
                        "expires_at", Instant.now().plus(Duration.ofDays(90)).getEpochSecond())));
    }

    final class Builder {
        private final String typ;
        private final JWTClaimsSet.Builder claims;
        private Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private Duration ttl = Duration.ofDays(30);
        private ECKey signingKey = key;

        private Builder(String typ, String audience, String subject) {
            this.typ = typ;
            this.claims = new JWTClaimsSet.Builder().issuer("grantflow").audience(audience).subject(subject)
                    .jwtID(UUID.randomUUID().toString());
        }

        Builder claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        Builder audience(String audience) {
            claims.audience(audience);
            return this;
        }

        Builder subject(String subject) {
            claims.subject(subject);
            return this;
        }

        Builder jti(String jti) {
            claims.jwtID(jti);
            return this;
        }

        Builder issuedAt(Instant at) {
            this.issuedAt = at.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        Builder signedBy(FakeGrantflowKeys other) {
            this.signingKey = other.key;
            return this;
        }

        String sign() {
            claims.issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(ttl)));
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
