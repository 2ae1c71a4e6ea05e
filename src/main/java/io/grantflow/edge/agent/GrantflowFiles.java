package io.grantflow.edge.agent;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.Claims;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies what Grantflow sends the edge (a {@code connection+jwt} or a {@code credits+jwt}) offline, against the
 * trusted keys only (never a key named by the token itself): signature by a trusted {@code kid}, issuer, audience = this edge, expiry by
 * the edge's own clock, replay, and a clock that was set back. Verification changes nothing.
 */
final class GrantflowFiles {

    static final Duration LEEWAY = Duration.ofSeconds(60);
    static final int MAX_BYTES = 8192;

    sealed interface Verified permits Connection, Credits {
        String jti();

        Instant issuedAt();
    }

    record Connection(String jti, Instant issuedAt, String activationId, String license, int seats, Instant activationExpiresAt,
            String nonce) implements Verified {
    }

    record Grant(String id, String subscription, int credits, Instant expiresAt) {
    }

    record Credits(String jti, Instant issuedAt, String systemId, List<Grant> assignments) implements Verified {
    }

    private GrantflowFiles() {
    }

    /** While the clock reads earlier than the newest token accepted, expiry cannot be judged: nothing new is taken. */
    static void checkClock(EdgeState state, Instant now) {
        if (state.newestIssuedAt != null && now.isBefore(state.newestIssuedAt.minus(LEEWAY))) {
            throw new AgentException("clock-rollback", "The clock reads " + now + ", earlier than the newest token accepted (issued "
                    + state.newestIssuedAt + "): it was set back; set it right before anything new is accepted");
        }
    }

    static Verified verify(String compact, EdgeIdentity identity, JWKSet trust, EdgeState state, Instant now) {
        String edgeId = identity.requireId();
        checkClock(state, now);
        SignedJWT jwt = JwsChecks.parse(compact, MAX_BYTES);
        TokenType expected = identity.kind == EdgeIdentity.Kind.system ? TokenType.CREDITS : TokenType.CONNECTION;
        JwsChecks.type(jwt, expected);
        String kid = jwt.getHeader().getKeyID();
        JWK key = kid == null ? null : trust.getKeyByKeyId(kid);
        if (!(key instanceof ECKey ecKey)) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "The file is signed with key " + kid + ", which this edge does not trust");
        }
        JwsChecks.signature(jwt, ecKey);
        JWTClaimsSet claims = JwsChecks.claims(jwt);
        if (!identity.issuer.equals(claims.getIssuer())) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "The file was issued by " + claims.getIssuer() + ", not " + identity.issuer);
        }
        JwsChecks.audience(claims, edgeId);
        JwsChecks.times(claims, now, LEEWAY);
        String jti = JwsChecks.requireJti(claims);
        if (state.seenJtis.contains(jti)) {
            throw new TokenException(Refusal.TOKEN_REPLAYED, "This file (jti " + jti + ") was applied or given up before");
        }
        if (claims.getIssueTime() == null) {
            throw malformed("The file has no iat");
        }
        Instant issuedAt = claims.getIssueTime().toInstant();
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw malformed("The file has no sub");
        }
        return expected == TokenType.CONNECTION ? connection(claims, jti, issuedAt, subject) : credits(claims, jti, issuedAt, subject, edgeId);
    }

    private static Connection connection(JWTClaimsSet claims, String jti, Instant issuedAt, String activationId) {
        int seats = (int) number(claims.getClaim(Claims.SEATS), Claims.SEATS);
        if (seats < 0) {
            throw malformed("seats may not be negative");
        }
        Instant activationExp = Instant.ofEpochSecond(number(claims.getClaim(Claims.ACTIVATION_EXP), Claims.ACTIVATION_EXP));
        Object license = claims.getClaim(Claims.LICENSE);
        Object nonce = claims.getClaim(Claims.NONCE);
        return new Connection(jti, issuedAt, activationId, license == null ? null : license.toString(), seats, activationExp,
                nonce == null ? null : nonce.toString());
    }

    private static Credits credits(JWTClaimsSet claims, String jti, Instant issuedAt, String systemId, String edgeId) {
        if (!systemId.equals(edgeId)) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_SUBJECT, "The credit file is for system " + systemId + ", not " + edgeId);
        }
        if (!(claims.getClaim(Claims.ASSIGNMENTS) instanceof List<?> list) || list.isEmpty()) {
            throw malformed("The credit file carries no assignments");
        }
        List<Grant> grants = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> a) || !(a.get(Claims.ASSIGNMENT_ID) instanceof String id) || id.isBlank()) {
                throw malformed("Every assignment needs an id");
            }
            int credits = (int) number(a.get(Claims.CREDITS), Claims.CREDITS);
            if (credits <= 0) {
                throw malformed("Assignment " + id + " carries no credits");
            }
            Object expires = a.get(Claims.EXPIRES_AT);
            grants.add(new Grant(id, a.get(Claims.SUBSCRIPTION) == null ? null : a.get(Claims.SUBSCRIPTION).toString(), credits,
                    expires == null ? null : Instant.ofEpochSecond(number(expires, Claims.EXPIRES_AT))));
        }
        return new Credits(jti, issuedAt, systemId, List.copyOf(grants));
    }

    private static long number(Object value, String name) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw malformed("The file's " + name + " is missing or not a number");
    }

    private static TokenException malformed(String detail) {
        return new TokenException(Refusal.TOKEN_MALFORMED, detail);
    }
}
