package io.grantflow.credits;

import static io.grantflow.credits.SqlTimes.instant;
import static io.grantflow.credits.SqlTimes.utc;

import io.grantflow.account.CallerAccount;
import java.time.Instant;
import io.grantflow.shared.Paging;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of {@code gf_subscription}: a subscription's terms; its credits are the ledger pool of the same id. */
@Repository
class SubscriptionRepository {

    /** A subscription as stored: its terms, without the balances the ledger keeps. */
    record Terms(String id, String accountId, String type, SubscriptionState state, Instant startsAt, Instant endsAt) {
    }

    private final JdbcClient jdbc;
    private final CallerAccount caller;

    SubscriptionRepository(JdbcClient jdbc, CallerAccount caller) {
        this.jdbc = jdbc;
        this.caller = caller;
    }

    void insert(Terms terms, long credits, Instant createdAt) {
        jdbc.sql("INSERT INTO gf_subscription (id, account_id, type, state, credits, starts_at, ends_at, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(terms.id(), terms.accountId(), terms.type(), terms.state().name(), credits, utc(terms.startsAt()),
                        utc(terms.endsAt()), utc(createdAt))
                .update();
    }

    /** The ids of an account's subscriptions, in id order. */
    java.util.List<String> idsOfAccount(String accountId) {
        if (!caller.maySee(accountId)) {
            return java.util.List.of();
        }
        return jdbc.sql("SELECT id FROM gf_subscription WHERE account_id = ? ORDER BY id").param(accountId).query(String.class).list();
    }

    /** The subscription, if the caller may see its account: another account's answers as one that does not exist. */
    Optional<Terms> find(String id) {
        Optional<String> account = caller.boundAccount();
        return jdbc.sql("SELECT id, account_id, type, state, starts_at, ends_at FROM gf_subscription WHERE id = ?"
                        + (account.isPresent() ? " AND account_id = ?" : ""))
                .params(account.isPresent() ? new Object[] {id, account.get()} : new Object[] {id})
                .query(ROW).optional();
    }

    /** A page of subscriptions, oldest first, of one account and in one state where given (null: any). */
    List<Paging.Keyed<Terms>> page(@Nullable String accountId, @Nullable SubscriptionState state, Paging.Request request) {
        Paging.Sql sql = new Paging.Sql("SELECT s.id, s.account_id, s.type, s.state, s.starts_at, s.ends_at, s.created_at"
                + " FROM gf_subscription s", "s")
                .where("s.account_id = ?", accountId)
                .where("s.state = ?", state);
        return jdbc.sql(sql.sql(request)).params(sql.params(request)).query(Paging.keyed(ROW)).list();
    }

    private static final RowMapper<Terms> ROW = (rs, i) -> new Terms(rs.getString("id"), rs.getString("account_id"),
            rs.getString("type"), SubscriptionState.valueOf(rs.getString("state")), instant(rs, "starts_at"), instant(rs, "ends_at"));
}
