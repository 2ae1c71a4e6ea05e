package io.grantflow.protocol;

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
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Signs an installation's or HOME system's own tokens (update, receipt, revoke, call-in): ES256 with the edge's P-256
 * key, {@code iss} = the edge id, {@code aud} = Grantflow's issuer name, {@code kid} = the key's RFC 7638 thumbprint,
 * and the signature in low-S form, the one text Grantflow knows a token by ({@link JwsChecks#canonical}). The agent,
 * the benchmark and the tests' edges all sign through it.
 */
public final class EdgeTokenSigner {

    /** A signed token: its jti, its compact text and when it expires. */
    public record Signed(String jti, String compact, Instant expiresAt) {
    }

    private final String edgeId;
    private final String audience;
    private final ECKey key;
    private final String kid;
    private final ECDSASigner signer;

    /**
     * @param edgeId the installation or system id, the tokens' {@code iss}
     * @param audience Grantflow's issuer name, the tokens' {@code aud}
     * @param key the edge's private P-256 key
     */
    public EdgeTokenSigner(String edgeId, String audience, ECKey key) {
        this.edgeId = edgeId;
        this.audience = audience;
        this.key = key;
        try {
            this.kid = key.computeThumbprint().toString();
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw signingFailed("The key is not a usable P-256 private key: " + e.getMessage(), e);
        }
    }

    /** A fresh P-256 key pair as an edge makes it, its kid the JWK thumbprint. */
    public static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw signingFailed("Cannot make a P-256 key: " + e.getMessage(), e);
        }
    }

    public String edgeId() {
        return edgeId;
    }

    public ECKey publicKey() {
        return key.toPublicJWK();
    }

    /**
     * A token of {@code type} about {@code subject}, issued at {@code now} (whole seconds) and valid for {@code ttl},
     * with a fresh jti and the extra {@code claims} (names in {@link Claims}).
     */
    public Signed sign(TokenType type, String subject, Instant now, Duration ttl, Map<String, ?> claims) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(edgeId)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)))
                .jwtID(jti);
        claims.forEach(body::claim);
        return new Signed(jti, sign(type.typ(), body.build()), issuedAt.plus(ttl));
    }

    /**
     * Signs exactly these claims under the header {@code typ}: for callers that shape the claims themselves (a test
     * that leaves one out or sets another issuer). The header is always ES256 with this key's thumbprint as kid.
     */
    public String sign(String typ, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(typ)).keyID(kid).build(), claims);
        try {
            return JwsChecks.signLowS(jwt, signer);
        } catch (JOSEException e) {
            throw signingFailed("Cannot sign a " + typ + " token: " + e.getMessage(), e);
        }
    }

    /** The jti of a compact token this side signed or received, without verifying it. */
    public static String jti(String compact) {
        try {
            return SignedJWT.parse(compact).getJWTClaimsSet().getJWTID();
        } catch (ParseException e) {
            throw TokenException.malformed("The token cannot be parsed");
        }
    }

    private static GrantflowException signingFailed(String detail, Exception cause) {
        GrantflowException e = new GrantflowException(Refusal.SIGNING_FAILED, detail);
        e.initCause(cause);
        return e;
    }
}
