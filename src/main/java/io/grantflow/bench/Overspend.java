package io.grantflow.bench;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Credits or seats granted beyond a pool, summed over every pool, from the ledger: a pool's granted amount is what its
 * newest entry says is not available (held or in flight), and no entry may ever show less than zero available;
 * the holdings must add up to the same.
 */
final class Overspend {

    record Result(long overspend, long poolsChecked, long poolsOutOfBalance) {
    }

    private Overspend() {
    }

    static Result compute(JdbcTemplate jdbc) {
        long overspend = 0;
        long pools = 0;
        long outOfBalance = 0;
        for (var row : jdbc.queryForList("""
                SELECT p.id, p.total,
                  (SELECT MIN(e.available_after) FROM gf_ledger_entry e WHERE e.pool_id = p.id) AS min_available,
                  (SELECT e.available_after FROM gf_ledger_entry e WHERE e.pool_id = p.id ORDER BY e.seq DESC LIMIT 1) AS last_available,
                  (SELECT COALESCE(SUM(h.held + h.pending), 0) FROM gf_holding h WHERE h.pool_id = p.id) AS granted
                FROM gf_pool p""")) {
            pools++;
            long total = ((Number) row.get("total")).longValue();
            long granted = ((Number) row.get("granted")).longValue();
            Number min = (Number) row.get("min_available");
            Number last = (Number) row.get("last_available");
            long fromLedger = last == null ? 0 : total - last.longValue();
            overspend += Math.max(0, fromLedger - total) + Math.max(0, granted - total)
                    + (min == null ? 0 : Math.max(0, -min.longValue()));
            if (last != null && granted != fromLedger) {
                outOfBalance++;
            }
        }
        return new Result(overspend, pools, outOfBalance);
    }
}
