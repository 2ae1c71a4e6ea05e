package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.PoolBalance;
import io.grantflow.protocol.GrantflowException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Subscriptions and their credit pools. Balances come from the ledger, the only source of them. */
@Service
@RequiredArgsConstructor
public class Subscriptions {

    static final String CREDITS = "CREDITS";

    private final SubscriptionRepository repository;
    private final LedgerService ledger;
    private final Clock clock;

    @Transactional
    public void create(String id, String accountId, String type, SubscriptionState state, long credits, Instant startsAt,
            Instant endsAt, String actor) {
        repository.insert(new SubscriptionRepository.Terms(id, accountId, type, state, startsAt, endsAt), credits, clock.instant());
        ledger.openPool(id, CREDITS, credits, actor);
    }

    @Transactional(readOnly = true)
    public Optional<Subscription> find(String id) {
        return repository.find(id).map(this::withCredits);
    }

    /** The subscription's terms with its pool's balances. */
    Subscription withCredits(SubscriptionRepository.Terms terms) {
        PoolBalance pool = ledger.balance(terms.id()).orElseThrow();
        return new Subscription(terms.id(), terms.accountId(), terms.type(), terms.state(), pool.total(), pool.held(),
                pool.pending(), pool.available(), terms.startsAt(), terms.endsAt(),
                CreditRules.shownWarning(terms.state(), terms.endsAt(), clock.instant()));
    }

    /** An account's subscriptions with their balances, state and warning, as the desk lists them to choose from. */
    @Transactional(readOnly = true)
    public java.util.List<Subscription> ofAccount(String accountId) {
        return repository.idsOfAccount(accountId).stream().map(this::get).toList();
    }

    public Subscription get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("Subscription", id));
    }

    /** Locks the subscription's pool until the transaction ends, or answers {@code 404} when there is none. */
    void lock(String id) {
        if (repository.find(id).isEmpty() || !ledger.lockPool(id)) {
            throw GrantflowException.notFound("Subscription", id);
        }
    }
}
