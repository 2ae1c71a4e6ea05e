package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
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

    void insert(String id, String accountId, long printerSeats, Instant expiresAt) {
        jdbc.sql("INSERT INTO gf_license (id, account_id, printer_seats, expires_at, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, accountId, printerSeats, Utc.of(expiresAt), Utc.now(clock)).update();
    }

    Optional<LicenseRow> find(String id) {
        return jdbc.sql("SELECT id, account_id, expires_at FROM gf_license WHERE id = ?").param(id)
                .query((rs, i) -> new LicenseRow(rs.getString("id"), rs.getString("account_id"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}
