package io.grantflow.credits;

import io.grantflow.ledger.HoldingClaims;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each assignment should hold of its subscription's pool: ASSIGNED and DOWNLOADED hold their credits, REVOKING
 * has them in flight, REVOKED and EXPIRED hold nothing. The ledger verifier compares this with the ledger.
 */
@Component
class AssignmentHoldingClaims implements HoldingClaims {

    private final JdbcTemplate jdbc;

    AssignmentHoldingClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Claim> claims(String poolId) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (poolId != null) {
            where = " WHERE subscription_id = ?";
            args.add(poolId);
        }
        return jdbc.query("SELECT id, subscription_id, state, credits FROM gf_credit_assignment" + where + " ORDER BY id",
                (rs, i) -> {
                    AssignmentState state = AssignmentState.valueOf(rs.getString("state"));
                    long credits = rs.getLong("credits");
                    long held = state == AssignmentState.ASSIGNED || state == AssignmentState.DOWNLOADED ? credits : 0;
                    long pending = state == AssignmentState.REVOKING ? credits : 0;
                    return new Claim(rs.getString("subscription_id"), rs.getString("id"), "assignment", state.name(), held, pending);
                }, args.toArray());
    }
}
