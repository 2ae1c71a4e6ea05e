package io.grantflow.ledger;

import lombok.RequiredArgsConstructor;
import org.springframework.lang.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replays every pool's chain from its first row: sequence without gaps, each row's hash and link, the
 * balances each row claims, and the pool's and holders' current balances against the replay. Any row edited,
 * deleted or inserted behind Grantflow's back is named with its pool and sequence number. Then it reconciles the
 * features with the ledger ({@link HoldingClaims}): an activation or assignment whose row says other than what the
 * ledger holds for it is a {@code holding-mismatch} naming that holder, and one that holds anything with none of its flows
 * running (so no timer or proof will ever return it) an {@code orphaned-holding}. Each feature answers its claims,
 * flows included, in one query, whatever the number of holders.
 */
@Service
@RequiredArgsConstructor
public class LedgerVerifier {

    /**
     * One problem. {@code kind} is {@code chain} for the chain and balance checks, {@code holding-mismatch} when a
     * feature's row (activation, assignment) disagrees with what the ledger says its {@code holder} holds,
     * {@code orphaned-holding} when the {@code holder} holds seats or credits and none of its flows is running.
     */
    public record Break(String poolId, @Nullable Long seq, @Nullable Long entryId, String problem, String kind, @Nullable String holder) {

        public Break(String poolId, Long seq, Long entryId, String problem) {
            this(poolId, seq, entryId, problem, CHAIN, null);
        }
    }

    public static final String CHAIN = "chain";
    public static final String HOLDING_MISMATCH = "holding-mismatch";
    public static final String ORPHANED_HOLDING = "orphaned-holding";

    public record Report(int pools, long rows, List<Break> broken) {
        public boolean intact() {
            return broken.isEmpty();
        }
    }

    private final JdbcTemplate jdbc;
    private final List<HoldingClaims> claims;

    @Transactional(readOnly = true)
    public Report verifyAll() {
        List<String> pools = jdbc.queryForList("SELECT id FROM gf_pool ORDER BY id", String.class);
        List<Break> broken = new ArrayList<>();
        long rows = 0;
        for (String pool : pools) {
            rows += verifyPool(pool, broken);
        }
        // Rows whose pool is gone, or a pool without rows, are breaks too.
        jdbc.query("SELECT DISTINCT e.pool_id FROM gf_ledger_entry e WHERE NOT EXISTS (SELECT 1 FROM gf_pool p WHERE p.id = e.pool_id)",
                rs -> {
                    broken.add(new Break(rs.getString(1), null, null, "ledger rows of a pool that does not exist"));
                });
        reconcile(null, broken);
        return new Report(pools.size(), rows, broken);
    }

    @Transactional(readOnly = true)
    public Report verifyPool(String poolId) {
        List<Break> broken = new ArrayList<>();
        long rows = verifyPool(poolId, broken);
        reconcile(poolId, broken);
        return new Report(1, rows, broken);
    }

    /** Every feature's claim against the holding the ledger keeps (gf_holding, itself checked against the chain). */
    private void reconcile(String poolId, List<Break> broken) {
        Map<String, long[]> holdings = new HashMap<>(); // pool + holder -> {held, pending}, one query
        jdbc.query("SELECT pool_id, holder_id, held, pending FROM gf_holding" + (poolId == null ? "" : " WHERE pool_id = ?"),
                rs -> {
                    holdings.put(rs.getString("pool_id") + "\n" + rs.getString("holder_id"), new long[] {rs.getLong("held"), rs.getLong("pending")});
                }, poolId == null ? new Object[0] : new Object[] {poolId});
        for (HoldingClaims source : claims) {
            for (HoldingClaims.Claim c : source.claims(poolId)) {
                long[] ledger = holdings.getOrDefault(c.poolId() + "\n" + c.holderId(), new long[2]);
                if (ledger[0] != c.held() || ledger[1] != c.pending()) {
                    broken.add(new Break(c.poolId(), null, null, c.what() + " " + c.holderId() + " (" + c.state() + ") says "
                            + c.held() + " held (+" + c.pending() + " in flight), the ledger holds " + ledger[0] + " (+"
                            + ledger[1] + " in flight)", HOLDING_MISMATCH, c.holderId()));
                }
                long holds = Math.max(ledger[0] + ledger[1], c.held() + c.pending());
                if (holds > 0 && !c.flowRunning()) {
                    broken.add(new Break(c.poolId(), null, null, c.what() + " " + c.holderId() + " (" + c.state() + ") holds "
                            + ledger[0] + " (+" + ledger[1] + " in flight) with no flow of its running: nothing will return them",
                            ORPHANED_HOLDING, c.holderId()));
                }
            }
        }
    }

    private long verifyPool(String poolId, List<Break> broken) {
        List<LedgerEntry> entries = jdbc.query("SELECT * FROM gf_ledger_entry WHERE pool_id = ? ORDER BY seq, id",
                LedgerService.ENTRY, poolId);
        Map<String, Object> pool = jdbc.queryForMap("SELECT total, available, pending, head_seq, head_hash FROM gf_pool WHERE id = ?", poolId);
        long total = ((Number) pool.get("total")).longValue();
        String prevHash = EntryHash.GENESIS;
        long expectedSeq = 1;
        long available = 0;
        long pending = 0;
        Map<String, long[]> holders = new HashMap<>(); // holder -> {held, pending}
        for (LedgerEntry e : entries) {
            if (e.seq() != expectedSeq) {
                broken.add(new Break(poolId, e.seq(), e.id(), "sequence jumps from " + (expectedSeq - 1) + " to " + e.seq()
                        + ": a row was deleted or inserted"));
            }
            expectedSeq = e.seq() + 1;
            if (!e.prevHash().equals(prevHash)) {
                broken.add(new Break(poolId, e.seq(), e.id(), "does not link to the previous row's hash"));
            }
            if (!EntryHash.of(e).equals(e.hash())) {
                broken.add(new Break(poolId, e.seq(), e.id(), "hash does not match the row: the row was edited"));
            }
            prevHash = e.hash();
            long[] holder = e.holderId() == null ? new long[2] : holders.computeIfAbsent(e.holderId(), h -> new long[2]);
            switch (e.kind()) {
                case OPEN -> available = e.amount();
                case ALLOCATE -> {
                    available -= e.amount();
                    holder[0] += e.amount();
                }
                case RELEASE -> {
                    available += e.amount();
                    holder[0] -= e.amount();
                }
                case PENDING_RELEASE -> {
                    pending += e.amount();
                    holder[0] -= e.amount();
                    holder[1] += e.amount();
                }
                case POST_RELEASE -> {
                    pending -= e.amount();
                    available += e.amount();
                    holder[1] -= e.amount();
                }
                case VOID_RELEASE -> {
                    pending -= e.amount();
                    holder[0] += e.amount();
                    holder[1] -= e.amount();
                }
            }
            if (available != e.availableAfter() || pending != e.pendingAfter()
                    || (e.holderId() != null && holder[0] != e.holderHeldAfter())) {
                broken.add(new Break(poolId, e.seq(), e.id(), "balances in the row disagree with the replay of the chain"));
            }
            if (available < 0 || pending < 0 || holder[0] < 0 || holder[1] < 0 || available + pending > total) {
                broken.add(new Break(poolId, e.seq(), e.id(), "a balance goes below zero or above the total"));
            }
        }
        long headSeq = ((Number) pool.get("head_seq")).longValue();
        if (headSeq != expectedSeq - 1 || !Objects.equals(pool.get("head_hash"), prevHash)) {
            broken.add(new Break(poolId, headSeq, null, "the pool's head (seq " + headSeq + ") is not the chain's last row (seq "
                    + (expectedSeq - 1) + "): rows were removed or added at the end"));
        }
        long held = 0;
        Map<String, long[]> stored = new HashMap<>();
        jdbc.query("SELECT holder_id, held, pending FROM gf_holding WHERE pool_id = ?",
                rs -> {
                    stored.put(rs.getString("holder_id"), new long[] {rs.getLong("held"), rs.getLong("pending")});
                }, poolId);
        for (Map.Entry<String, long[]> h : holders.entrySet()) {
            long[] s = stored.getOrDefault(h.getKey(), new long[2]);
            if (s[0] != h.getValue()[0] || s[1] != h.getValue()[1]) {
                broken.add(new Break(poolId, null, null, "holder " + h.getKey() + " holds " + s[0] + " (+" + s[1]
                        + " pending) but the chain says " + h.getValue()[0] + " (+" + h.getValue()[1] + ")"));
            }
            held += h.getValue()[0];
        }
        stored.keySet().stream().filter(h -> !holders.containsKey(h))
                .filter(h -> stored.get(h)[0] != 0 || stored.get(h)[1] != 0)
                .forEach(h -> broken.add(new Break(poolId, null, null, "holder " + h + " holds seats or credits the chain never gave")));
        if (available != ((Number) pool.get("available")).longValue() || pending != ((Number) pool.get("pending")).longValue()) {
            broken.add(new Break(poolId, null, null, "the pool's balances differ from the replay of its chain"));
        }
        if (available + pending + held != total) {
            broken.add(new Break(poolId, null, null, "available + pending + held (" + (available + pending + held)
                    + ") is not the total (" + total + ")"));
        }
        return entries.size();
    }
}
