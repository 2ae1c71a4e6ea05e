package io.grantflow.credits;

import com.nimbusds.jose.jwk.ECKey;
import io.grantflow.account.Accounts;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.EdgeKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/** HOME systems: linked to an account with their public key; online while they call in. */
@Service
public class Systems {

    private static final String ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Accounts accounts;
    private final EdgeKeys edgeKeys;
    private final Clock clock;
    private final GrantflowProperties properties;

    Systems(JdbcTemplate jdbc, Accounts accounts, EdgeKeys edgeKeys, Clock clock, GrantflowProperties properties) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.edgeKeys = edgeKeys;
        this.clock = clock;
        this.properties = properties;
    }

    /** Links a system; call inside a transaction so the row and its key commit together. */
    String link(String accountId, String label, Object systemKey) {
        ECKey key = EdgeKeys.parsePublicKey(systemKey);
        if (!accounts.exists(accountId)) {
            throw GrantflowException.notFound("Account", accountId);
        }
        return link("SYS-" + randomId(10), accountId, label, key);
    }

    public String link(String id, String accountId, String label, ECKey key) {
        jdbc.update("INSERT INTO gf_system (id, account_id, label, last_seen_at, created_at) VALUES (?, ?, ?, NULL, ?)",
                id, accountId, label, utc(clock.instant()));
        edgeKeys.register(id, EdgeKeys.Kind.SYSTEM, accountId, key);
        return id;
    }

    Optional<HomeSystem> find(String id) {
        return jdbc.query("SELECT * FROM gf_system WHERE id = ?", ROW, id).stream().findFirst();
    }

    HomeSystem get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("System", id));
    }

    /** Online: it called in within the online window (design.md §1). */
    boolean isOnline(HomeSystem system) {
        return system.lastSeenAt() != null
                && !system.lastSeenAt().isBefore(clock.instant().minus(properties.onlineWindow()));
    }

    boolean isOnline(String systemId) {
        return find(systemId).map(this::isOnline).orElse(false);
    }

    public void seen(String systemId, Instant at) {
        jdbc.update("UPDATE gf_system SET last_seen_at = ? WHERE id = ?", utc(at), systemId);
    }

    static String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static final RowMapper<HomeSystem> ROW = (rs, i) -> new HomeSystem(rs.getString("id"), rs.getString("account_id"),
            rs.getString("label"), instant(rs.getObject("last_seen_at", OffsetDateTime.class)),
            instant(rs.getObject("created_at", OffsetDateTime.class)));

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
