package io.grantflow.tokens;

import io.grantflow.protocol.TokenType;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Issues Grantflow's tokens through its one signer and records each by jti (in the caller's transaction). */
@Component
public class TokenIssuer {

    private final ServerSigner signer;
    private final TokenRecords records;
    private final Clock clock;
    private final String issuer;
    private final MeterRegistry meters;

    TokenIssuer(ServerSigner signer, TokenRecords records, Clock clock, GrantflowProperties properties, MeterRegistry meters) {
        this.signer = signer;
        this.records = records;
        this.clock = clock;
        this.issuer = properties.issuer();
        this.meters = meters;
    }

    /**
     * @param audience the installation or system id the token is for
     * @param subject  the activation, system or assignment it is about
     * @param claims   the type's own claims
     */
    public IssuedToken issue(TokenType type, String audience, String subject, Duration ttl, Map<String, Object> claims,
            String processInstanceId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return issue(type, audience, subject, now, now.plus(ttl), claims, processInstanceId);
    }

    public IssuedToken issue(TokenType type, String audience, String subject, Instant issuedAt, Instant expiresAt,
            Map<String, Object> claims, String processInstanceId) {
        String jti = UUID.randomUUID().toString();
        JwtClaimsSet.Builder body = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(subject)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .id(jti);
        String compact = signer.sign(type, ServerSigner.withClaims(body, claims).build());
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
        JwtClaimsSet.Builder body = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(subject)
                .issuedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS))
                .id(UUID.randomUUID().toString());
        return signer.sign(type, ServerSigner.withClaims(body, claims).build());
    }

    public String issuerName() {
        return issuer;
    }
}
