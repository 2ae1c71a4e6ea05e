package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.account.CallerAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import io.grantflow.shared.Paging;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of gf_license: the license's own facts; its seat balances are the ledger's. */
@Repository
@RequiredArgsConstructor
class LicenseRepository {

    /** A row of gf_license. */
    record LicenseRow(String id, String accountId, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CallerAccount caller;

    void insert(String id, String accountId, long printerSeats, Instant expiresAt) {
        jdbc.sql("INSERT INTO gf_license (id, account_id, printer_seats, expires_at, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, accountId, printerSeats, Utc.of(expiresAt), Utc.now(clock)).update();
    }

    /** The license, if the caller may see its account: another account's answers as one that does not exist. */
    Optional<LicenseRow> find(String id) {
        Optional<String> account = caller.boundAccount();
        return jdbc.sql("SELECT id, account_id, expires_at FROM gf_license WHERE id = ?" + (account.isPresent() ? " AND account_id = ?" : ""))
                .params(account.isPresent() ? new Object[] {id, account.get()} : new Object[] {id})
                .query(ROW).optional();
    }

    /** A page of every license, or of one account's (null: every account's), oldest first. */
    List<Paging.Keyed<LicenseRow>> page(@Nullable String accountId, Paging.Request request) {
        Paging.Sql sql = new Paging.Sql("SELECT l.id, l.account_id, l.expires_at, l.created_at FROM gf_license l", "l")
                .where("l.account_id = ?", accountId);
        return jdbc.sql(sql.sql(request)).params(sql.params(request)).query(Paging.keyed(ROW)).list();
    }

    /** The newest licenses, of one account where given (null: every account's). */
    List<LicenseRow> newest(@Nullable String accountId, int limit) {
        return jdbc.sql("SELECT id, account_id, expires_at FROM gf_license" + (accountId == null ? "" : " WHERE account_id = ?")
                        + " ORDER BY created_at DESC, id DESC LIMIT " + limit)
                .params(accountId == null ? List.of() : List.of(accountId)).query(ROW).list();
    }

    long count(@Nullable String accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM gf_license" + (accountId == null ? "" : " WHERE account_id = ?"))
                .params(accountId == null ? List.of() : List.of(accountId)).query(Long.class).single();
    }

    private static final RowMapper<LicenseRow> ROW = (rs, i) -> new LicenseRow(rs.getString("id"), rs.getString("account_id"),
            rs.getObject("expires_at", OffsetDateTime.class).toInstant());
}
