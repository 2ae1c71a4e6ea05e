package io.grantflow.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of {@code gf_api_token}. */
@Repository
class ApiTokenRepository {

    private static final RowMapper<ApiToken> ROW = (rs, i) -> new ApiToken(rs.getString("id"), rs.getString("client_id"),
            rs.getString("group_id"), rs.getString("secret_hash"), instant(rs, "created_at"), rs.getString("created_by"),
            instant(rs, "expires_at"), instant(rs, "revoked_at"), rs.getString("revoked_by"),
            rs.getString("account_id"));

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiToken t) {
        jdbc.sql("INSERT INTO gf_api_token (id, client_id, group_id, secret_hash, created_at, created_by, expires_at, account_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.clientId(), t.group(), t.secretHash(), utc(t.createdAt()), t.createdBy(), utc(t.expiresAt()),
                        t.accountId())
                .update();
    }

    Optional<ApiToken> find(String id) {
        return jdbc.sql("SELECT * FROM gf_api_token WHERE id = ?").param(id).query(ROW).optional();
    }

    List<ApiToken> all() {
        return jdbc.sql("SELECT * FROM gf_api_token ORDER BY created_at DESC, id").query(ROW).list();
    }

    List<ApiToken> ofAccount(String accountId) {
        return jdbc.sql("SELECT * FROM gf_api_token WHERE account_id = ? ORDER BY created_at DESC, id").param(accountId).query(ROW).list();
    }

    /** Revokes once: a second revocation keeps the first one's time and admin. */
    boolean revoke(String id, Instant at, String by) {
        return jdbc.sql("UPDATE gf_api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
                .params(utc(at), by, id).update() == 1;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
