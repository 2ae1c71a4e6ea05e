package io.grantflow.events;

import io.grantflow.account.CallerAccount;
import io.grantflow.shared.SecretSeal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of gf_webhook_endpoint. A customer's caller finds its own account's endpoints only. */
@Repository
class WebhookEndpointStore {

    /** Secrets are sealed at rest where an encryption key is set ({@link SecretSeal}). */
    private final RowMapper<WebhookEndpoint> ROW = (rs, i) -> new WebhookEndpoint(rs.getString("id"),
            rs.getString("account_id"), rs.getString("url"), types(rs.getString("events")), open(rs.getString("secret")),
            rs.getBoolean("enabled"), rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            open(rs.getString("previous_secret")), rs.getObject("previous_until", OffsetDateTime.class) == null ? null
                    : rs.getObject("previous_until", OffsetDateTime.class).toInstant(), rs.getString("disabled_reason"));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallerAccount caller;
    private final SecretSeal seal;

    WebhookEndpointStore(JdbcClient jdbc, Clock clock, CallerAccount caller, SecretSeal seal) {
        this.seal = seal;
        this.jdbc = jdbc;
        this.clock = clock;
        this.caller = caller;
    }

    private String open(String stored) {
        return seal.open(stored);
    }

    static List<String> types(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    void insert(String id, String accountId, String url, List<String> events, String secret, String createdBy) {
        jdbc.sql("INSERT INTO gf_webhook_endpoint (id, account_id, url, events, secret, enabled, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, TRUE, ?, ?)")
                .params(id, accountId, url, events.isEmpty() ? null : String.join(",", events), seal.seal(secret), createdBy,
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }

    /** The endpoint, if the caller may see it: another account's answers as one that does not exist. */
    Optional<WebhookEndpoint> find(String id) {
        Optional<String> account = caller.boundAccount();
        if (account.isPresent()) {
            return jdbc.sql("SELECT * FROM gf_webhook_endpoint WHERE id = ? AND account_id = ?").params(id, account.get())
                    .query(ROW).optional();
        }
        return jdbc.sql("SELECT * FROM gf_webhook_endpoint WHERE id = ?").param(id).query(ROW).optional();
    }

    List<WebhookEndpoint> visible() {
        Optional<String> account = caller.boundAccount();
        if (account.isPresent()) {
            return jdbc.sql("SELECT * FROM gf_webhook_endpoint WHERE account_id = ? ORDER BY created_at, id").param(account.get())
                    .query(ROW).list();
        }
        return jdbc.sql("SELECT * FROM gf_webhook_endpoint ORDER BY created_at, id").query(ROW).list();
    }

    /** The enabled endpoints an event of this account may go to (its own, and those of every account). */
    List<WebhookEndpoint> enabledFor(String accountId) {
        // two reads of the account index, not an OR across it (H2 reads the whole table for an OR)
        return jdbc.sql("SELECT * FROM gf_webhook_endpoint WHERE account_id IS NULL AND enabled = TRUE"
                        + " UNION ALL SELECT * FROM gf_webhook_endpoint WHERE account_id = ? AND enabled = TRUE")
                .param(accountId).query(ROW).list();
    }

    /** Any endpoint, whoever asks: the worker's read. */
    Optional<WebhookEndpoint> byId(String id) {
        return jdbc.sql("SELECT * FROM gf_webhook_endpoint WHERE id = ?").param(id).query(ROW).optional();
    }

    /** Stops sending there, and says why; false when it was disabled already. */
    boolean disable(String id, String reason) {
        return jdbc.sql("UPDATE gf_webhook_endpoint SET enabled = FALSE, disabled_reason = ? WHERE id = ? AND enabled = TRUE")
                .params(reason.substring(0, Math.min(500, reason.length())), id).update() == 1;
    }

    void enable(String id) {
        jdbc.sql("UPDATE gf_webhook_endpoint SET enabled = TRUE, disabled_reason = NULL WHERE id = ?").param(id).update();
    }

    /** The new secret; the old one still signs until {@code previousUntil}. */
    void rotateSecret(String id, String secret, java.time.Instant previousUntil) {
        jdbc.sql("UPDATE gf_webhook_endpoint SET previous_secret = secret, previous_until = ?, secret = ? WHERE id = ?")
                .params(OffsetDateTime.ofInstant(previousUntil, ZoneOffset.UTC), seal.seal(secret), id).update();
    }

    void delete(String id) {
        // its deliveries go with it (ON DELETE CASCADE)
        jdbc.sql("DELETE FROM gf_webhook_endpoint WHERE id = ?").param(id).update();
    }
}
