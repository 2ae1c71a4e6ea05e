package io.grantflow.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Signs Grantflow's tokens with the current key and records each by jti (in the caller's transaction). */
@Component
public class TokenIssuer {

    private final SigningKeys keys;
    private final TokenRecords records;
    private final Clock clock;
    private final String issuer;
    private final MeterRegistry meters;

    TokenIssuer(SigningKeys keys, TokenRecords records, Clock clock, GrantflowProperties properties) {
        this(keys, records, clock, properties, new SimpleMeterRegistry());
    }

    @Autowired
    TokenIssuer(SigningKeys keys, TokenRecords records, Clock clock, GrantflowProperties properties, MeterRegistry meters) {
        this.keys = keys;
        this.records = records;
        this.clock = clock;
        this.issuer = properties.issuer();
        this.meters = meters;
    }

    /**
     * @param audience the installation or system id the token is for
     * @param subject  the activation, system or assignment it is about
     * @param claims   the type's own claims (design.md §3)
     */
    public IssuedToken issue(TokenType type, String audience, String subject, Duration ttl, Map<String, Object> claims,
            String processInstanceId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return issue(type, audience, subject, now, now.plus(ttl), claims, processInstanceId);
    }

    public IssuedToken issue(TokenType type, String audience, String subject, Instant issuedAt, Instant expiresAt,
            Map<String, Object> claims, String processInstanceId) {
        ECKey key = keys.current();
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(jti);
        claims.forEach(body::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(new JOSEObjectType(type.typ())).build(),
                body.build());
        String compact;
        try {
            compact = JwsChecks.signLowS(jwt, new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a " + type.typ() + " token", e);
        }
        IssuedToken token = new IssuedToken(jti, compact, issuedAt, expiresAt);
        records.issued(issuer, type, token, subject, audience, processInstanceId);
        meters.counter("grantflow.tokens.issued", "typ", type.typ()).increment();
        return token;
    }

    /**
     * Signs a document that is not a token handed to the edge (an evidence bundle): not recorded, because it can
     * be made again from the records it summarises.
     */
    public String signDocument(TokenType type, String subject, Map<String, Object> claims) {
        ECKey key = keys.current();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(body::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(new JOSEObjectType(type.typ())).build(),
                body.build());
        try {
            return JwsChecks.signLowS(jwt, new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a " + type.typ() + " document", e);
        }
    }

    public String issuerName() {
        return issuer;
    }
}
