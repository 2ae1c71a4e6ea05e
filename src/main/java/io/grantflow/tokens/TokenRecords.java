package io.grantflow.tokens;

import io.grantflow.protocol.Refusal;

import org.springframework.lang.Nullable;
import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenType;
import io.grantflow.protocol.TokenException;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every token issued or accepted, by issuer and jti: the replay registry and the auditors' token history.
 * An accepted token is recorded in the caller's transaction, so a step that fails also forgets the jti.
 */
@Component
@RequiredArgsConstructor
public class TokenRecords {

    public enum Direction { ISSUED, ACCEPTED }

    public record TokenRecord(String issuer, String jti, String typ, Direction direction, @Nullable String subject, @Nullable String audience,
            @Nullable Instant issuedAt, @Nullable Instant expiresAt, String sha256, @Nullable String processInstanceId, Instant recordedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final GrantflowProperties properties;

    void issued(String issuer, TokenType type, IssuedToken token, String subject, String audience, String processInstanceId) {
        insert(issuer, token.jti(), type, Direction.ISSUED, subject, audience, token.issuedAt(), token.expiresAt(),
                JwsChecks.sha256(token.compact()), token.compact(), processInstanceId);
    }

    /** Records an edge token as used; a second use of its jti is {@code token-replayed}. Flows accept through {@link EdgeTokens}. */
    void accept(VerifiedToken token, String processInstanceId) {
        if (token.type() == TokenType.CALLIN) {
            forgetExpiredCallIns(token.issuer());
        }
        try {
            insert(token.issuer(), token.jti(), token.type(), Direction.ACCEPTED, token.subject(), null, token.issuedAt(),
                    token.expiresAt(), token.sha256(), null, processInstanceId);
        } catch (DuplicateKeyException e) {
            throw new TokenException(Refusal.TOKEN_REPLAYED, "This token (jti " + token.jti() + ") was used before");
        }
    }

    /**
     * A call-in bearer is a heartbeat, not a business token: it need be remembered only while it could be replayed, so
     * the edge's bearers that expired (beyond the leeway, when the verifier refuses them as expired anyway) are
     * forgotten as it calls in again. The registry holds a few call-in rows per edge instead of one per call-in for
     * ever (288 a day each at 5-minute windows); every business token (update, receipt, revoke key, connection token,
     * credit file) stays for the auditors.
     */
    private void forgetExpiredCallIns(String issuer) {
        Instant gone = clock.instant().minus(properties.tokens().leeway());
        jdbc.update("DELETE FROM gf_token_record WHERE issuer = ? AND typ = ? AND direction = 'ACCEPTED' AND expires_at < ?",
                issuer, TokenType.CALLIN.typ(), utc(gone));
    }

    /** Names the flow an accepted token belongs to (its use started or moved it). */
    void belongsTo(VerifiedToken token, String processInstanceId) {
        jdbc.update("UPDATE gf_token_record SET process_instance_id = ? WHERE issuer = ? AND jti = ?", processInstanceId,
                token.issuer(), token.jti());
    }

    boolean seen(String issuer, String jti) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM gf_token_record WHERE issuer = ? AND jti = ?", Integer.class, issuer, jti);
        return count != null && count > 0;
    }

    /**
     * Whether an edge token of this type, issuer and subject was accepted: the proof a ledger movement names must be
     * in the registry, not just a string a caller sent.
     */
    public boolean accepted(String issuer, String jti, TokenType type, String subject) {
        if (issuer == null || jti == null) {
            return false;
        }
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM gf_token_record WHERE issuer = ? AND jti = ? AND typ = ?"
                + " AND direction = 'ACCEPTED' AND subject = ?", Integer.class, issuer, jti, type.typ(), subject);
        return count != null && count > 0;
    }

    /** The compact form of a token Grantflow issued. */
    public Optional<String> compact(String jti) {
        return jdbc.queryForList("SELECT compact FROM gf_token_record WHERE jti = ? AND direction = 'ISSUED'", String.class, jti)
                .stream().findFirst();
    }

    /** Token history of a subject (activation, assignment, system), oldest first; never a token's text. */
    public List<TokenRecord> forSubject(String subject) {
        return jdbc.query("SELECT * FROM gf_token_record WHERE subject = ? ORDER BY recorded_at, jti",
                (rs, i) -> new TokenRecord(rs.getString("issuer"), rs.getString("jti"), rs.getString("typ"),
                        Direction.valueOf(rs.getString("direction")), rs.getString("subject"), rs.getString("audience"),
                        instant(rs.getObject("issued_at", OffsetDateTime.class)), instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        rs.getString("token_sha256"), rs.getString("process_instance_id"),
                        instant(rs.getObject("recorded_at", OffsetDateTime.class))),
                subject);
    }

    private void insert(String issuer, String jti, TokenType type, Direction direction, String subject, String audience,
            Instant issuedAt, Instant expiresAt, String sha256, String compact, String processInstanceId) {
        jdbc.update("INSERT INTO gf_token_record (issuer, jti, typ, direction, subject, audience, issued_at, expires_at,"
                        + " token_sha256, compact, process_instance_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                issuer, jti, type.typ(), direction.name(), subject, audience, utc(issuedAt), utc(expiresAt), sha256, compact,
                processInstanceId, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
