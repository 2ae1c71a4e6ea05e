package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.account.AccountFilter;
import io.grantflow.account.CallerAccount;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.PoolBalance;
import io.grantflow.protocol.GrantflowException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.grantflow.shared.Paging;
import io.grantflow.shared.Shown;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Licenses and their seat pools. Balances come from the ledger, the only source of them. */
@Service
@RequiredArgsConstructor
public class Licenses {

    static final String SEATS = "SEATS";

    private final LicenseRepository repository;
    private final LedgerService ledger;
    private final CallerAccount caller;

    @Transactional
    public void create(String id, String accountId, long printerSeats, Instant expiresAt, String actor) {
        repository.insert(id, accountId, printerSeats, expiresAt);
        ledger.openPool(id, SEATS, printerSeats, actor);
    }

    @Transactional(readOnly = true)
    public Optional<License> find(String id) {
        return repository.find(id).map(this::withSeats);
    }

    /** A page of the licenses the caller may see: its own account's, or (vendor staff) every account's or the one named. */
    @Transactional(readOnly = true)
    public Paging.Page<License> list(@Nullable String accountId, Paging.Request request) {
        AccountFilter accounts = AccountFilter.of(caller, accountId);
        if (accounts.nothing()) {
            return Paging.Page.empty();
        }
        return Paging.page(repository.page(accounts.accountId(), request), request).map(this::withSeats);
    }

    /** The newest licenses the caller may see (its own account's, or every account's for the vendor's staff). */
    @Transactional(readOnly = true)
    public Shown<License> newest(int limit) {
        AccountFilter accounts = AccountFilter.of(caller, null);
        if (accounts.nothing()) {
            return new Shown<>(List.of(), 0);
        }
        return new Shown<>(repository.newest(accounts.accountId(), limit).stream().map(this::withSeats).toList(),
                repository.count(accounts.accountId()));
    }

    /** An account's newest licenses, for a caller who may see the account (the page checked that first). */
    @Transactional(readOnly = true)
    public List<License> newestOfAccount(String accountId, int limit) {
        if (!caller.maySee(accountId)) {
            return List.of();
        }
        return repository.newest(accountId, limit).stream().map(this::withSeats).toList();
    }

    private License withSeats(LicenseRepository.LicenseRow row) {
        PoolBalance pool = ledger.balance(row.id()).orElseThrow();
        return new License(row.id(), row.accountId(), pool.total(), pool.held(), pool.pending(), pool.available(), row.expiresAt());
    }

    public License get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("License", id));
    }
}
