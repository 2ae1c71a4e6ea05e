package io.grantflow.credits;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A HOME system linked over HTTP: its key pair is made here, outside Grantflow, and Grantflow names the system, so
 * its tokens carry the id it answered.
 */
final class HttpSystem {

    final String id;
    final ECKey key;

    private HttpSystem(String id, ECKey key) {
        this.id = id;
        this.key = key;
    }

    static ECKey newKey() {
        return EdgeTokenSigner.newKey();
    }

    /** A system linked elsewhere (on the desk) with this key pair, under the id Grantflow gave it. */
    static HttpSystem named(String id, ECKey key) {
        return new HttpSystem(id, key);
    }

    static HttpSystem link(Http operator, String accountId) {
        ECKey key = newKey();
        Http.Response r = operator.postJson("/api/v1/systems",
                Map.of("accountId", accountId, "label", "HOME system", "systemKey", key.toPublicJWK().toJSONObject()));
        if (r.status() != 201) {
            throw new AssertionError("link failed: " + r);
        }
        return new HttpSystem(r.json().path("systemId").asText(), key);
    }

    String callInToken(Instant now) {
        return sign("callin+jwt", id, now, c -> { });
    }

    String revokeKey(String assignmentId, String fileJti, Instant now) {
        return sign("revoke+jwt", assignmentId, now, c -> c.claim("file_jti", fileJti));
    }

    String sign(String typ, String subject, Instant now, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(id).audience("grantflow").subject(subject)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        change.accept(claims);
        return new EdgeTokenSigner(id, "grantflow", key).sign(typ, claims.build());
    }

    /** {@code POST /api/v1/edge/call-in} as this system, handing in {@code revokeKeys}. */
    Http.Response callIn(Http http, Instant now, String... revokeKeys) {
        return http.bearer(callInToken(now)).postJson("/api/v1/edge/call-in", Map.of("revokeKeys", java.util.List.of(revokeKeys)));
    }

    /** A revoke key that claims to come from {@code claimedIssuer} but is signed with {@code signer}'s key. */
    static String sign(HttpSystem signer, String claimedIssuer, String assignmentId, String fileJti, Instant now) {
        return signer.sign("revoke+jwt", assignmentId, now, c -> c.issuer(claimedIssuer).claim("file_jti", fileJti));
    }
}
