package io.grantflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What H2's query statistics say of the statements the run made (H2 only: they list every distinct statement with its
 * executions and time).
 * <ul>
 * <li>{@link #find}: those that read one of Grantflow's tables by scanning it, each one slower as the tables grow (the
 * credit file download once read the token registry by jti alone, and took three times as long after half an hour of
 * load). EXPLAIN names the index or the scan each one uses. The bench's own counting statements, which scan on
 * purpose, are named through {@link #own} and skipped.</li>
 * <li>{@link #engineScans}: those that read a large engine table (ACT_*) by scanning it. The engine's statements are
 * Camunda's, and some scan small tables by design, so they are listed with the table's size rather than counted as a
 * miss: the operations gauges' counts (2.5 s each beside 220,000 waiting flows) were such scans.</li>
 * <li>{@link #slowest}: where the database time went since the last {@link #restart}, statement by statement.</li>
 * </ul>
 */
final class StatementStatistics {

    private static final Set<String> OWN = ConcurrentHashMap.newKeySet();

    /**
     * A plan's read of a table with no condition on an index: {@code /* PUBLIC.T.tableScan *}{@code /}, or for an update or
     * delete an index walked whole, {@code /* PUBLIC.SOME_INDEX *}{@code /} (a read by the index shows its condition after
     * a colon).
     */
    private static final Pattern SCAN = Pattern.compile("/\\*\\s*PUBLIC\\.(\\w+?)(\\.tableScan)?\\s*\\*/");

    record Scan(String table, String sql) {
    }

    /** A statement that scanned an engine table holding {@code rows} rows, with its executions and time so far. */
    record EngineScan(String table, long rows, String sql, long executions, double totalMs) {
    }

    /** One statement's share of the database time: its executions and their total and mean milliseconds. */
    record Timed(String sql, long executions, double totalMs, double meanMs) {
    }

    private StatementStatistics() {
    }

    /** A statement of the bench itself (row counts, checks): answered as given, and not reported. */
    static String own(String sql) {
        OWN.add(sql.strip());
        return sql;
    }

    /** Starts recording every distinct statement (H2 keeps 100 by default; the engine alone makes several hundred). */
    static void start(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
            s.execute("SET QUERY_STATISTICS TRUE");
        }
    }

    /** Forgets the statistics so far (H2 drops them when they are switched off) and records again. */
    static void restart(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
        }
    }

    /** The {@code n} statements that took the most database time since recording began, the bench's own left out. */
    static List<Timed> slowest(DataSource dataSource, int n) throws SQLException {
        List<Timed> timed = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME, AVERAGE_EXECUTION_TIME"
                        + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS ORDER BY CUMULATIVE_EXECUTION_TIME DESC")) {
            while (rs.next() && timed.size() < n) {
                String sql = rs.getString(1);
                if (!OWN.contains(sql.strip())) {
                    timed.add(new Timed(oneLine(sql), rs.getLong(2), Math.round(rs.getDouble(3)), Math.round(rs.getDouble(4) * 1000) / 1000.0));
                }
            }
        }
        return timed;
    }

    /** The engine's statements come from MyBatis mappers over many lines: one line each in the report. */
    static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    /** The recorded statements that scan a Grantflow table, each with the tables it scans. */
    static List<Scan> find(DataSource dataSource) throws SQLException {
        List<Scan> scans = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> statements = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
            for (String sql : statements) {
                if (checked(sql, "gf_")) {
                    scannedTables(c, sql, "gf_").forEach(table -> scans.add(new Scan(table, sql.strip())));
                }
            }
        }
        return scans;
    }

    /**
     * The recorded statements that scan an engine table of at least {@code minRows} rows (H2's estimate), with their
     * executions and time since recording began. A statement H2 cannot explain without its parameters is skipped.
     */
    static List<EngineScan> engineScans(DataSource dataSource, long minRows) throws SQLException {
        List<EngineScan> scans = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Timed> statements = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT SQL_STATEMENT, EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (rs.next()) {
                    statements.add(new Timed(rs.getString(1), rs.getLong(2), Math.round(rs.getDouble(3)), 0));
                }
            }
            Map<String, Long> rowsOf = new HashMap<>();
            for (Timed t : statements) {
                if (!checked(t.sql(), "act_")) {
                    continue;
                }
                Set<String> tables;
                try {
                    tables = scannedTables(c, t.sql(), "act_");
                } catch (SQLException e) {
                    continue; // e.g. a paged query whose limit cannot be null
                }
                for (String table : tables) {
                    Long rows = rowsOf.get(table);
                    if (rows == null) {
                        rows = rowEstimate(c, table);
                        rowsOf.put(table, rows);
                    }
                    if (rows >= minRows) {
                        scans.add(new EngineScan(table, rows, oneLine(t.sql()), t.executions(), t.totalMs()));
                    }
                }
            }
        }
        return scans;
    }

    private static long rowEstimate(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = ?")) {
            q.setString(1, table.toUpperCase(Locale.ROOT));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Reads and writes of the tables named with {@code prefix}; inserts of values read nothing. */
    private static boolean checked(String sql, String prefix) {
        String s = sql.strip().toLowerCase(Locale.ROOT);
        return !OWN.contains(sql.strip()) && s.contains(prefix) && (s.startsWith("select") || s.startsWith("update") || s.startsWith("delete"));
    }

    /** The tables named with {@code prefix} the statement's plan scans, parameters unbound (the plan does not depend on their values). */
    static Set<String> scannedTables(Connection c, String sql, String prefix) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
            int parameters = explain.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                explain.setObject(i, null);
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    String plan = rs.getString(1);
                    // a page in index order (a collection's first page): the index read in order up to the page's end
                    boolean pageInIndexOrder = plan.contains("/* index sorted */") && plan.contains("FETCH FIRST");
                    Matcher m = SCAN.matcher(plan);
                    while (m.find()) {
                        if (pageInIndexOrder && m.group(2) == null) {
                            continue;
                        }
                        String table = (m.group(2) != null ? m.group(1) : tableOfIndex(c, m.group(1))).toLowerCase(Locale.ROOT);
                        if (table.startsWith(prefix)) {
                            tables.add(table);
                        }
                    }
                }
            }
        }
        return tables;
    }

    private static String tableOfIndex(Connection c, String index) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = ?")) {
            q.setString(1, index);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : index;
            }
        }
    }
}
