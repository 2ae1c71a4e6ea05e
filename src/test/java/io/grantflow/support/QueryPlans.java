package io.grantflow.support;

import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A statement's plan on the database the context runs on, to show which index serves it. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /**
     * {@code EXPLAIN} of the statement, upper case. On PostgreSQL sequential scans are off for it: a test database
     * holds few rows, where reading them all is cheaper, so the plan answers whether an index can serve it.
     */
    public static String explain(JdbcTemplate jdbc, TransactionTemplate tx, String sql, boolean postgres) {
        List<String> plan = tx.execute(s -> {
            if (postgres) {
                jdbc.execute("SET LOCAL enable_seqscan = off");
            }
            return jdbc.queryForList("EXPLAIN " + sql, String.class);
        });
        return String.join("\n", plan).toUpperCase(Locale.ROOT);
    }
}
