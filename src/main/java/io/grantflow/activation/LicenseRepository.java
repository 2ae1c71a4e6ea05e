package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.account.CallerAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
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
                .query((rs, i) -> new LicenseRow(rs.getString("id"), rs.getString("account_id"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}
