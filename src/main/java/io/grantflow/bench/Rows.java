package io.grantflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a workload costs the database: the rows of every Grantflow (gf_), engine (ACT_) and bench table, counted
 * before and after, and the database's size (H2: its file; PostgreSQL: pg_database_size).
 */
final class Rows {

    /** A count of every table's rows and the database's bytes at one moment. */
    record Snapshot(Map<String, Long> rows, long bytes) {
    }

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final Path dataDir;
    /** Each table by its name in lower case, with its name as the database spells it (quoted in the count). */
    private final Map<String, String> tables = new TreeMap<>();

    Rows(JdbcTemplate jdbc, boolean postgres, Path dataDir) {
        this.jdbc = jdbc;
        this.postgres = postgres;
        this.dataDir = dataDir;
        jdbc.execute((java.sql.Connection c) -> {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String spelled = rs.getString("TABLE_NAME");
                    String name = spelled.toLowerCase(Locale.ROOT);
                    if (name.startsWith("gf_") || name.startsWith("act_") || name.startsWith("bench_")) {
                        tables.put(name, spelled);
                    }
                }
            }
            return null;
        });
    }

    /** One statement for all tables: the counts are of one moment, and cheap next to a 5 s window. */
    Snapshot snapshot() {
        StringBuilder sql = new StringBuilder();
        // Quoted as spelled: Flyway's history table is lower case, which H2 would not find unquoted.
        tables.forEach((name, spelled) -> sql.append(sql.isEmpty() ? "" : " UNION ALL ").append("SELECT '").append(name)
                .append("', COUNT(*) FROM \"").append(spelled).append('"'));
        Map<String, Long> rows = new LinkedHashMap<>();
        jdbc.query(StatementStatistics.own(sql.toString()), rs -> {
            rows.put(rs.getString(1), rs.getLong(2));
        });
        return new Snapshot(rows, bytes());
    }

    long bytes() {
        if (postgres) {
            return jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(f -> f.toString().endsWith(".mv.db")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows added per operation, by table (net: inserted minus deleted; tables that did not change are left out). */
    static Map<String, Double> perOp(Map<String, Long> delta, long ops) {
        Map<String, Double> per = new TreeMap<>();
        delta.forEach((table, d) -> {
            if (d != 0 && ops > 0) {
                per.put(table, Math.round(d * 1000.0 / ops) / 1000.0);
            }
        });
        return per;
    }

    /** Adds after − before to {@code into}. */
    static void add(Map<String, Long> into, Snapshot before, Snapshot after) {
        after.rows().forEach((t, n) -> into.merge(t, n - before.rows().getOrDefault(t, 0L), Long::sum));
    }
}
