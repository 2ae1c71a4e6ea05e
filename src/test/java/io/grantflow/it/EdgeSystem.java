package io.grantflow.it;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** A HOME system or installation key pair made outside Grantflow, and the tokens it signs. */
final class EdgeSystem {

    final ECKey key;
    volatile String id;

    EdgeSystem(String id) {
        this.key = EdgeTokenSigner.newKey();
        this.id = id;
    }

    /** Links a HOME system of {@code account}; Grantflow names it. */
    static EdgeSystem link(Http operator, String account) {
        EdgeSystem system = new EdgeSystem(null);
        Http.Response r = operator.postJson("/api/v1/systems",
                Map.of("accountId", account, "label", "cluster test system", "systemKey", system.key.toPublicJWK().toJSONObject()));
        if (r.status() != 201) {
            throw new AssertionError("link failed: " + r);
        }
        system.id = r.json().path("systemId").asText();
        return system;
    }

    Map<String, Object> publicJwk() {
        return key.toPublicJWK().toJSONObject();
    }

    String revokeKey(String assignmentId, String fileJti) {
        return sign("revoke+jwt", assignmentId, Map.of("file_jti", fileJti));
    }

    String receipt(String activationId, String connectionJti) {
        return sign("receipt+jwt", activationId, Map.of("connection_jti", connectionJti));
    }

    String disconnectProof(String activationId, String connectionJti) {
        return sign("disconnect+jwt", activationId, Map.of("connection_jti", connectionJti));
    }

    String sign(String typ, String subject, Map<String, Object> extra) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(id).audience("grantflow").subject(subject)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        extra.forEach(claims::claim);
        return new EdgeTokenSigner(id, "grantflow", key).sign(typ, claims.build());
    }
}
