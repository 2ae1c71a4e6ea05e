package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.PoolBalance;
import io.grantflow.protocol.GrantflowException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Licenses and their seat pools. Balances come from the ledger, the only source of them. */
@Service
@RequiredArgsConstructor
public class Licenses {

    static final String SEATS = "SEATS";

    private final LicenseRepository repository;
    private final LedgerService ledger;

    @Transactional
    public void create(String id, String accountId, long printerSeats, Instant expiresAt, String actor) {
        repository.insert(id, accountId, printerSeats, expiresAt);
        ledger.openPool(id, SEATS, printerSeats, actor);
    }

    @Transactional(readOnly = true)
    public Optional<License> find(String id) {
        return repository.find(id).map(row -> {
            PoolBalance pool = ledger.balance(id).orElseThrow();
            return new License(row.id(), row.accountId(), pool.total(), pool.held(), pool.pending(), pool.available(), row.expiresAt());
        });
    }

    public License get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("License", id));
    }
}
