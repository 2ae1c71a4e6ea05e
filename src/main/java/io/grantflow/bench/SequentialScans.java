package io.grantflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's side of the table-scan check, from the server's own counters ({@code pg_stat_user_tables}: sequential
 * scans and the rows they read, per table), since PostgreSQL keeps no per-statement record without an extension loaded
 * at server start. A table whose scans read {@value #ROWS_PER_SCAN} rows or more each, on average, during one
 * measurement or over the whole run, is reported: a read that grows with the table. Small tables (accounts, pools, subscriptions: tens of rows) are read
 * whole by design (one page beats an index), and their scans read few rows each. The bench's own counts are kept out
 * by running them with {@code enable_seqscan = off} ({@link BenchDatabase#countingJdbc}): counts of whole tables and by
 * indexed columns then read an index (a count by a column without one would still scan, and be reported). The
 * engine's tables ({@code act_…}) are read the same way and listed apart, as H2's {@code engineTableScans} are: the
 * engine's statements are not Grantflow's to change, but an index Grantflow adds can serve them.
 */
final class SequentialScans {

    /** Grantflow's tables, those the check is about. */
    static final String GRANTFLOW = "gf_";

    /** The engine's tables, listed beside the check. */
    static final String ENGINE = "act_";

    /** Rows read per sequential scan, on average, from which a table's scans are reported. */
    static final long ROWS_PER_SCAN = 1_000;

    /**
     * The server's counters reach the shared statistics when a connection goes idle, at most once a second, or within
     * ten seconds when a flush had to wait: read the end of a run after this long.
     */
    static final long FLUSH_MILLIS = 11_000;

    /** One table's counters at one moment. */
    record Counts(long scans, long rowsRead, long liveRows) {
    }

    /**
     * A Grantflow table whose sequential scans {@code during} a measurement (a workload's name) or the whole run read
     * {@code rowsRead / scans} rows each.
     */
    record Scan(String table, String during, long scans, long rowsRead, long liveRows) {

        long rowsPerScan() {
            return rowsRead / scans;
        }
    }

    /**
     * The worst reading per table over the measurements: one figure for a whole run would average a read that grows with
     * its table (the first thousand scans of a young table reading a few rows each) below the line; a measurement of a
     * few seconds on the grown table does not.
     */
    static final class Findings {

        private final Map<String, Scan> worst = new TreeMap<>();

        void add(String during, Map<String, Counts> before, Map<String, Counts> after) {
            for (Scan scan : find("", during, before, after)) { // every table read: Grantflow's and the engine's
                worst.merge(scan.table(), scan, (a, b) -> b.rowsPerScan() > a.rowsPerScan() ? b : a);
            }
        }

        /** The worst reading of each of {@code owner}'s tables ({@link #GRANTFLOW} or {@link #ENGINE}) over the line. */
        List<Scan> list(String owner) {
            return worst.values().stream().filter(scan -> scan.table().startsWith(owner)).toList();
        }
    }

    private SequentialScans() {
    }

    /** Every Grantflow and engine table's counters now (as this connection's transaction first sees them). */
    static Map<String, Counts> read(JdbcTemplate jdbc) {
        Map<String, Counts> counts = new TreeMap<>();
        jdbc.query("SELECT relname, COALESCE(seq_scan, 0), COALESCE(seq_tup_read, 0), n_live_tup FROM pg_stat_user_tables"
                + " WHERE relname LIKE 'gf\\_%' OR relname LIKE 'act\\_%'", rs -> {
                    counts.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                });
        return counts;
    }

    /** Every table of {@code owner}'s scanned between the two readings, with its scans and the rows they read then. */
    static List<Scan> between(String owner, String during, Map<String, Counts> before, Map<String, Counts> after) {
        List<Scan> scans = new ArrayList<>();
        after.forEach((table, now) -> {
            Counts then = before.getOrDefault(table, new Counts(0, 0, 0));
            if (table.startsWith(owner) && now.scans() > then.scans()) {
                scans.add(new Scan(table, during, now.scans() - then.scans(), now.rowsRead() - then.rowsRead(), now.liveRows()));
            }
        });
        return scans;
    }

    /** {@code owner}'s tables whose sequential scans between the two readings read {@link #ROWS_PER_SCAN} rows or more each. */
    static List<Scan> find(String owner, String during, Map<String, Counts> before, Map<String, Counts> after) {
        return between(owner, during, before, after).stream().filter(scan -> scan.rowsRead() >= ROWS_PER_SCAN * scan.scans()).toList();
    }
}
