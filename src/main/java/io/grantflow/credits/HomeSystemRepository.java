package io.grantflow.credits;

import static io.grantflow.credits.SqlTimes.instant;
import static io.grantflow.credits.SqlTimes.utc;

import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.GrantflowException;
import java.time.Instant;
import io.grantflow.shared.Paging;
import java.util.List;
import java.util.Optional;
import org.springframework.lang.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of {@code gf_system}: HOME systems and when they last called in. */
@Repository
class HomeSystemRepository {

    private static final RowMapper<HomeSystem> ROW = (rs, i) -> new HomeSystem(rs.getString("id"), rs.getString("account_id"),
            rs.getString("label"), instant(rs, "last_seen_at"), instant(rs, "created_at"));

    private final JdbcClient jdbc;
    private final CallerAccount caller;
    private final CreditChanges changes;

    HomeSystemRepository(JdbcClient jdbc, CallerAccount caller, CreditChanges changes) {
        this.jdbc = jdbc;
        this.caller = caller;
        this.changes = changes;
    }

    void insert(HomeSystem system) {
        jdbc.sql("INSERT INTO gf_system (id, account_id, label, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(system.id(), system.accountId(), system.label(), utc(system.lastSeenAt()), utc(system.createdAt()))
                .update();
        changes.systemLinked(system);
    }

    /** The system, if the caller may see its account: another account's answers as one that does not exist. */
    Optional<HomeSystem> find(String id) {
        Optional<String> account = caller.boundAccount();
        if (account.isPresent()) {
            return jdbc.sql("SELECT * FROM gf_system WHERE id = ? AND account_id = ?").params(id, account.get()).query(ROW).optional();
        }
        return jdbc.sql("SELECT * FROM gf_system WHERE id = ?").param(id).query(ROW).optional();
    }

    /** An account's systems by label, as the desk's Systems page lists them. */
    java.util.List<HomeSystem> ofAccount(String accountId) {
        if (!caller.maySee(accountId)) {
            return java.util.List.of();
        }
        return jdbc.sql("SELECT * FROM gf_system WHERE account_id = ? ORDER BY label, id").param(accountId).query(ROW).list();
    }

    /** A page of systems, oldest first, of one account where given (null: every account's). */
    /** The newest systems, of one account where given (null: every account's). */
    List<HomeSystem> newest(@Nullable String accountId, int limit) {
        return jdbc.sql("SELECT * FROM gf_system" + (accountId == null ? "" : " WHERE account_id = ?")
                        + " ORDER BY created_at DESC, id DESC LIMIT " + limit)
                .params(accountId == null ? List.of() : List.of(accountId)).query(ROW).list();
    }

    long count(@Nullable String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM gf_system" + (accountId == null ? "" : " WHERE account_id = ?"))
                .params(accountId == null ? List.of() : List.of(accountId)).query(Long.class).single();
    }

    List<Paging.Keyed<HomeSystem>> page(@Nullable String accountId, Paging.Request request) {
        Paging.Sql sql = new Paging.Sql("SELECT y.* FROM gf_system y", "y").where("y.account_id = ?", accountId);
        return jdbc.sql(sql.sql(request)).params(sql.params(request)).query(Paging.keyed(ROW)).list();
    }

    HomeSystem get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("System", id));
    }

    void seen(String id, Instant at) {
        jdbc.sql("UPDATE gf_system SET last_seen_at = ? WHERE id = ?").params(utc(at), id).update();
    }
}
