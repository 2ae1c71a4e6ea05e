package io.grantflow.activation;

import io.grantflow.ledger.HoldingClaims;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each activation should hold of its license's pool: a live one its {@code seats}, plus the seats its open
 * update put in flight; an expired or disconnected one nothing. The ledger verifier compares this with the ledger.
 */
@Component
class ActivationHoldingClaims implements HoldingClaims {

    private final JdbcTemplate jdbc;

    ActivationHoldingClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Claim> claims(String poolId) {
        List<Object> args = new ArrayList<>();
        args.add(UpdateStatus.CONNECTION_TOKEN_READY.name());
        String where = "";
        if (poolId != null) {
            where = " WHERE a.license_id = ?";
            args.add(poolId);
        }
        return jdbc.query("SELECT a.id, a.license_id, a.state, a.seats, COALESCE((SELECT SUM(u.in_flight_seats) FROM gf_activation_update u"
                        + " WHERE u.activation_id = a.id AND u.status = ?), 0) AS in_flight FROM gf_remote_activation a" + where
                        + " ORDER BY a.id",
                (rs, i) -> {
                    ActivationState state = ActivationState.valueOf(rs.getString("state"));
                    boolean live = state.live();
                    return new Claim(rs.getString("license_id"), rs.getString("id"), "activation", state.name(),
                            live ? rs.getLong("seats") : 0, live ? rs.getLong("in_flight") : 0);
                }, args.toArray());
    }
}
