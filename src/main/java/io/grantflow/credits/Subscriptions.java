package io.grantflow.credits;

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

/** Subscriptions and their credit pools. Balances come from the ledger, the only source of them. */
@Service
public class Subscriptions {

    static final String CREDITS = "CREDITS";

    private final JdbcTemplate jdbc;
    private final LedgerService ledger;
    private final Clock clock;

    Subscriptions(JdbcTemplate jdbc, LedgerService ledger, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Transactional
    public void create(String id, String accountId, String type, SubscriptionState state, long credits, Instant startsAt,
            Instant endsAt, String actor) {
        jdbc.update("INSERT INTO gf_subscription (id, account_id, type, state, credits, starts_at, ends_at, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id, accountId, type, state.name(), credits, startsAt.atOffset(ZoneOffset.UTC), endsAt.atOffset(ZoneOffset.UTC),
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        ledger.openPool(id, CREDITS, credits, actor);
    }

    @Transactional(readOnly = true)
    public Optional<Subscription> find(String id) {
        return jdbc.query("SELECT id, account_id, type, state, starts_at, ends_at FROM gf_subscription WHERE id = ?",
                (rs, i) -> {
                    PoolBalance pool = ledger.balance(id).orElseThrow();
                    SubscriptionState state = SubscriptionState.valueOf(rs.getString("state"));
                    Instant endsAt = rs.getObject("ends_at", OffsetDateTime.class).toInstant();
                    return new Subscription(rs.getString("id"), rs.getString("account_id"), rs.getString("type"), state,
                            pool.total(), pool.held(), pool.pending(), pool.available(),
                            rs.getObject("starts_at", OffsetDateTime.class).toInstant(), endsAt, warning(state, endsAt));
                }, id).stream().findFirst();
    }

    public Subscription get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("Subscription", id));
    }

    private String warning(SubscriptionState state, Instant endsAt) {
        if (state == SubscriptionState.CANCELLED) {
            return endsAt.isAfter(clock.instant())
                    ? "subscription-cancelled: credits stay usable until " + endsAt
                    : "subscription-ended";
        }
        return null;
    }
}
