package io.grantflow.activation;

import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.PoolBalance;
import io.grantflow.protocol.GrantflowException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Licenses and their seat pools. Balances come from the ledger, the only source of them. */
@Service
public class Licenses {

    static final String SEATS = "SEATS";

    private final JdbcTemplate jdbc;
    private final LedgerService ledger;
    private final Clock clock;

    Licenses(JdbcTemplate jdbc, LedgerService ledger, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Transactional
    public void create(String id, String accountId, long printerSeats, Instant expiresAt, String actor) {
        jdbc.update("INSERT INTO gf_license (id, account_id, printer_seats, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
                id, accountId, printerSeats, expiresAt.atOffset(ZoneOffset.UTC), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        ledger.openPool(id, SEATS, printerSeats, actor);
    }

    @Transactional(readOnly = true)
    public Optional<License> find(String id) {
        return jdbc.query("SELECT id, account_id, expires_at FROM gf_license WHERE id = ?",
                (rs, i) -> {
                    PoolBalance pool = ledger.balance(id).orElseThrow();
                    return new License(rs.getString("id"), rs.getString("account_id"), pool.total(), pool.held(), pool.pending(),
                            pool.available(), rs.getObject("expires_at", OffsetDateTime.class).toInstant());
                }, id).stream().findFirst();
    }

    public License get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("License", id));
    }
}
