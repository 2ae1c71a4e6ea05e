package io.grantflow.ledger;

import lombok.RequiredArgsConstructor;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only way seats and credits move. Each movement locks its pool's row ({@code SELECT … FOR UPDATE}),
 * so writers of one pool queue and other pools stay parallel; appends one hash-chained row; and runs in the
 * caller's transaction, which is the engine's when a delegate calls it: a step and its ledger row commit or
 * roll back together.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
@RequiredArgsConstructor
public class LedgerService {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    private record PoolRow(String id, String unit, long total, long available, long pending, long headSeq, String headHash) {
    }

    /**
     * A pool's balance from its row alone. Held is what is neither available nor pending: every movement keeps total =
     * available + pending + the holders' held (LedgerVerifier checks the holdings against the chain), and a sum over the
     * holdings grows with every assignment the subscription ever made.
     */
    private static final RowMapper<PoolBalance> BALANCE = (rs, i) -> new PoolBalance(rs.getString("id"), rs.getString("unit"),
            rs.getLong("total"), rs.getLong("available"), rs.getLong("pending"),
            rs.getLong("total") - rs.getLong("available") - rs.getLong("pending"));

    /** Opens a pool whose whole total is available; opening it again with the same total changes nothing. */
    public void openPool(String poolId, String unit, long total, String actor) {
        if (total < 0) {
            throw new IllegalArgumentException("A pool's total may not be negative");
        }
        Optional<PoolRow> existing = lock(poolId);
        if (existing.isPresent()) {
            if (existing.get().total() != total) {
                throw new IllegalStateException("Pool " + poolId + " exists with another total");
            }
            return;
        }
        jdbc.update("INSERT INTO gf_pool (id, unit, total, available, pending, head_seq, head_hash) VALUES (?, ?, ?, ?, 0, 0, ?)",
                poolId, unit, total, total, EntryHash.GENESIS);
        PoolRow pool = lock(poolId).orElseThrow();
        append(pool, "open:" + poolId, EntryKind.OPEN, null, total, total, 0, 0, "pool-opened", null, null, actor);
    }

    /**
     * Locks a pool's row for the caller's transaction, so a check of its balance and the movement after it see the
     * same pool (a start that checks before it reserves). False when there is no such pool.
     */
    public boolean lockPool(String poolId) {
        return lock(poolId).isPresent();
    }

    /** available → holder; {@link InsufficientBalanceException} when the pool has less available. */
    public LedgerEntry allocate(Movement m) {
        return move(m, EntryKind.ALLOCATE);
    }

    /** holder → available at once (nothing is awaited). */
    public LedgerEntry release(Movement m) {
        return move(m, EntryKind.RELEASE);
    }

    /**
     * holder → pending: the first phase of a two-phase release. The amount is neither the holder's nor
     * available until {@link #postPending} (proof arrived) or {@link #voidPending}. The movement id is the
     * pending transfer's id.
     */
    public LedgerEntry beginRelease(Movement m, Instant timeoutAt) {
        LedgerEntry entry = move(m, EntryKind.PENDING_RELEASE);
        jdbc.update("INSERT INTO gf_pending_transfer (id, pool_id, holder_id, amount, state, created_at, timeout_at)"
                        + " SELECT ?, ?, ?, ?, 'PENDING', ?, ? FROM gf_pool WHERE id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM gf_pending_transfer WHERE id = ?)",
                m.movementId(), m.poolId(), m.holderId(), m.amount(), utc(entry.createdAt()),
                timeoutAt == null ? null : utc(timeoutAt), m.poolId(), m.movementId());
        return entry;
    }

    /** pending → available: the proof arrived (receipt, revoke key) or the old holding expired. */
    public LedgerEntry postPending(String pendingId, String movementId, String reason, String proof, String processInstanceId, String actor) {
        return settle(pendingId, movementId, EntryKind.POST_RELEASE, reason, proof, processInstanceId, actor);
    }

    /** pending → holder: the release was called off. */
    public LedgerEntry voidPending(String pendingId, String movementId, String reason, String proof, String processInstanceId, String actor) {
        return settle(pendingId, movementId, EntryKind.VOID_RELEASE, reason, proof, processInstanceId, actor);
    }

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<PoolBalance> balance(String poolId) {
        return jdbc.query("SELECT id, unit, total, available, pending FROM gf_pool WHERE id = ?", BALANCE, poolId).stream().findFirst();
    }

    /** Balances of up to {@code limit} pools of one unit (SEATS, CREDITS), by id: one bounded query, for dashboards. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public List<PoolBalance> balances(String unit, int limit) {
        return jdbc.query("SELECT id, unit, total, available, pending FROM gf_pool WHERE unit = ? ORDER BY id FETCH FIRST "
                + Math.max(0, limit) + " ROWS ONLY", BALANCE, unit);
    }

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public HolderBalance holding(String poolId, String holderId) {
        return jdbc.query("SELECT held, pending FROM gf_holding WHERE pool_id = ? AND holder_id = ?",
                        (rs, i) -> new HolderBalance(poolId, holderId, rs.getLong("held"), rs.getLong("pending")), poolId, holderId)
                .stream().findFirst().orElse(HolderBalance.none(poolId, holderId));
    }

    /** Pending transfers of a holder that are still open, oldest first. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public List<String> openPending(String poolId, String holderId) {
        return jdbc.queryForList("SELECT id FROM gf_pending_transfer WHERE pool_id = ? AND holder_id = ? AND state = 'PENDING'"
                + " ORDER BY created_at, id", String.class, poolId, holderId);
    }

    /** When a pending transfer may settle without proof (the old holding's expiry), if it has such a time. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<Instant> pendingTimeout(String pendingId) {
        return jdbc.query("SELECT timeout_at FROM gf_pending_transfer WHERE id = ?",
                (rs, i) -> rs.getObject("timeout_at", OffsetDateTime.class), pendingId).stream().findFirst()
                .map(t -> t == null ? null : t.toInstant());
    }

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public List<LedgerEntry> entries(String poolId, String holderId, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT * FROM gf_ledger_entry WHERE 1 = 1");
        List<Object> args = new java.util.ArrayList<>();
        if (poolId != null) {
            sql.append(" AND pool_id = ?");
            args.add(poolId);
        }
        if (holderId != null) {
            sql.append(" AND holder_id = ?");
            args.add(holderId);
        }
        if (from != null) {
            sql.append(" AND created_at >= ?");
            args.add(utc(from));
        }
        if (to != null) {
            sql.append(" AND created_at < ?");
            args.add(utc(to));
        }
        sql.append(" ORDER BY id");
        return jdbc.query(sql.toString(), ENTRY, args.toArray());
    }

    private LedgerEntry move(Movement m, EntryKind kind) {
        PoolRow pool = lock(m.poolId())
                .orElseThrow(() -> new IllegalArgumentException("No pool " + m.poolId()));
        Optional<LedgerEntry> earlier = byMovement(m.movementId());
        if (earlier.isPresent()) {
            return sameOrFail(earlier.get(), m, kind);
        }
        HolderBalance holder = holding(m.poolId(), m.holderId());
        long available = pool.available();
        long pending = pool.pending();
        long held = holder.held();
        long holderPending = holder.pending();
        switch (kind) {
            case ALLOCATE -> {
                if (m.amount() > available) {
                    throw new InsufficientBalanceException("Pool " + m.poolId() + " has " + available + " available, "
                            + m.amount() + " requested", m.amount(), available);
                }
                available -= m.amount();
                held += m.amount();
            }
            case RELEASE, PENDING_RELEASE -> {
                if (m.amount() > held) {
                    throw new InsufficientBalanceException(m.holderId() + " holds " + held + " of pool " + m.poolId()
                            + ", " + m.amount() + " to release", m.amount(), held);
                }
                held -= m.amount();
                if (kind == EntryKind.RELEASE) {
                    available += m.amount();
                } else {
                    pending += m.amount();
                    holderPending += m.amount();
                }
            }
            default -> throw new IllegalArgumentException(kind + " is not a direct movement");
        }
        saveHolding(m.poolId(), m.holderId(), held, holderPending);
        return append(pool, m.movementId(), kind, m.holderId(), m.amount(), available, pending, held, m.reason(), m.proof(),
                m.processInstanceId(), m.actor());
    }

    private LedgerEntry settle(String pendingId, String movementId, EntryKind kind, String reason, String proof,
            String processInstanceId, String actor) {
        record Pending(String poolId, String holderId, long amount, String state) {
        }
        Pending transfer = jdbc.query("SELECT pool_id, holder_id, amount, state FROM gf_pending_transfer WHERE id = ?",
                        (rs, i) -> new Pending(rs.getString("pool_id"), rs.getString("holder_id"), rs.getLong("amount"), rs.getString("state")),
                        pendingId).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No pending transfer " + pendingId));
        PoolRow pool = lock(transfer.poolId()).orElseThrow();
        Optional<LedgerEntry> earlier = byMovement(movementId);
        if (earlier.isPresent()) {
            return sameOrFail(earlier.get(), new Movement(movementId, transfer.poolId(), transfer.holderId(), transfer.amount(),
                    reason, proof, processInstanceId, actor), kind);
        }
        // Re-read under the pool lock: a concurrent settle of the same transfer has finished by now.
        String state = jdbc.queryForObject("SELECT state FROM gf_pending_transfer WHERE id = ?", String.class, pendingId);
        if (!"PENDING".equals(state)) {
            throw new IllegalStateException("Pending transfer " + pendingId + " is already " + state);
        }
        HolderBalance holder = holding(transfer.poolId(), transfer.holderId());
        long available = pool.available();
        long held = holder.held();
        if (kind == EntryKind.POST_RELEASE) {
            available += transfer.amount();
        } else {
            held += transfer.amount();
        }
        long pending = pool.pending() - transfer.amount();
        saveHolding(transfer.poolId(), transfer.holderId(), held, holder.pending() - transfer.amount());
        jdbc.update("UPDATE gf_pending_transfer SET state = ? WHERE id = ?", kind == EntryKind.POST_RELEASE ? "POSTED" : "VOIDED", pendingId);
        return append(pool, movementId, kind, transfer.holderId(), transfer.amount(), available, pending, held, reason,
                proof == null ? pendingId : proof, processInstanceId, actor);
    }

    private LedgerEntry append(PoolRow pool, String movementId, EntryKind kind, String holderId, long amount, long available,
            long pending, long heldAfter, String reason, String proof, String processInstanceId, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LedgerEntry unhashed = new LedgerEntry(0, pool.id(), pool.headSeq() + 1, movementId, kind, holderId, amount, available,
                pending, heldAfter, reason, proof, processInstanceId, actor, now, pool.headHash(), null);
        String hash = EntryHash.of(unhashed);
        jdbc.update("INSERT INTO gf_ledger_entry (pool_id, seq, movement_id, kind, holder_id, amount, available_after, pending_after,"
                        + " holder_held_after, reason, proof, process_instance_id, actor, created_at, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                pool.id(), unhashed.seq(), movementId, kind.name(), holderId, amount, available, pending, heldAfter, reason, proof,
                processInstanceId, actor, utc(now), pool.headHash(), hash);
        jdbc.update("UPDATE gf_pool SET available = ?, pending = ?, head_seq = ?, head_hash = ? WHERE id = ?",
                available, pending, unhashed.seq(), hash, pool.id());
        return byMovement(movementId).orElseThrow();
    }

    private void saveHolding(String poolId, String holderId, long held, long pending) {
        int updated = jdbc.update("UPDATE gf_holding SET held = ?, pending = ? WHERE pool_id = ? AND holder_id = ?", held, pending, poolId, holderId);
        if (updated == 0) {
            jdbc.update("INSERT INTO gf_holding (pool_id, holder_id, held, pending) VALUES (?, ?, ?, ?)", poolId, holderId, held, pending);
        }
    }

    private LedgerEntry sameOrFail(LedgerEntry earlier, Movement m, EntryKind kind) {
        if (earlier.kind() != kind || earlier.amount() != m.amount() || !earlier.poolId().equals(m.poolId())
                || !java.util.Objects.equals(earlier.holderId(), m.holderId())) {
            throw new IllegalStateException("Movement " + m.movementId() + " was written before with other values");
        }
        return earlier;
    }

    private Optional<PoolRow> lock(String poolId) {
        return jdbc.query("SELECT id, unit, total, available, pending, head_seq, head_hash FROM gf_pool WHERE id = ? FOR UPDATE",
                (rs, i) -> new PoolRow(rs.getString("id"), rs.getString("unit"), rs.getLong("total"), rs.getLong("available"),
                        rs.getLong("pending"), rs.getLong("head_seq"), rs.getString("head_hash")), poolId).stream().findFirst();
    }

    private Optional<LedgerEntry> byMovement(String movementId) {
        return jdbc.query("SELECT * FROM gf_ledger_entry WHERE movement_id = ?", ENTRY, movementId).stream().findFirst();
    }

    static final RowMapper<LedgerEntry> ENTRY = (rs, i) -> new LedgerEntry(
            rs.getLong("id"), rs.getString("pool_id"), rs.getLong("seq"), rs.getString("movement_id"),
            EntryKind.valueOf(rs.getString("kind")), rs.getString("holder_id"), rs.getLong("amount"),
            rs.getLong("available_after"), rs.getLong("pending_after"), rs.getLong("holder_held_after"),
            rs.getString("reason"), rs.getString("proof"), rs.getString("process_instance_id"), rs.getString("actor"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("prev_hash"), rs.getString("hash"));

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
