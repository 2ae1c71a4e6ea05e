package io.grantflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** One fresh database per run: an H2 file database under target/bench/, or a new PostgreSQL database, dropped at the end. */
final class BenchDatabase implements AutoCloseable {

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private final String kind;
    private final Path dataDir;
    private final String postgresName;
    /** The vacuums before the measurements (PostgreSQL): how many, and their seconds in all. */
    private int vacuums;
    private double vacuumSeconds;
    /** PostgreSQL: the bench's own connection for its counts (see {@link #countingJdbc}). */
    private SingleConnectionDataSource counting;

    private BenchDatabase(String kind, Path dataDir, String postgresName) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.postgresName = postgresName;
    }

    static BenchDatabase create(String kind) throws IOException, SQLException {
        String suffix = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(new SecureRandom().nextInt(1 << 20), 36);
        Path dir = Path.of("target", "bench", "data-" + kind + "-" + suffix).toAbsolutePath();
        Files.createDirectories(dir);
        if (kind.equals("h2")) {
            return new BenchDatabase(kind, dir, null);
        }
        String name = "gf_bench_" + suffix;
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new BenchDatabase(kind, dir, name);
    }

    boolean postgres() {
        return postgresName != null;
    }

    Path dataDir() {
        return dataDir;
    }

    /**
     * PostgreSQL, before every measurement and outside it: {@code VACUUM (ANALYZE)} of the whole bench database, which is
     * what a server's autovacuum would have done by then. Every ended flow leaves its deleted runtime rows (executions,
     * tasks, jobs, variables, subscriptions) in the tables and their indexes until a vacuum clears them, and the tables,
     * created empty, have no planner statistics until an ANALYZE. Without either, on a server with {@code autovacuum =
     * off} (this machine's, for CI), every workload slowed round by round (offline-cycle 30 → 7 steps/s in one run), and
     * a ratio depended on its place in the run. Answers the seconds it took; H2 keeps no dead rows: 0.
     */
    double vacuum(JdbcTemplate jdbc) {
        if (postgresName == null) {
            return 0;
        }
        long t0 = System.nanoTime();
        jdbc.execute("VACUUM (ANALYZE)"); // outside a transaction: the bench's JdbcTemplate runs in auto-commit
        double seconds = (System.nanoTime() - t0) / 1e9;
        vacuums++;
        vacuumSeconds += seconds;
        return seconds;
    }

    /**
     * Where the bench's own counts run. H2: Grantflow's pool ({@code application}). PostgreSQL: one connection of the
     * bench's own with {@code enable_seqscan = off}, so that its counts read the primary keys and the server's scan
     * counters ({@link SequentialScans}) count Grantflow's statements alone. One thread at a time: the bench's main one.
     */
    JdbcTemplate countingJdbc(JdbcTemplate application) {
        if (postgresName == null) {
            return application;
        }
        if (counting == null) {
            counting = new SingleConnectionDataSource(POSTGRES + postgresName, "postgres", "", true);
            new JdbcTemplate(counting).execute("SET enable_seqscan = off");
        }
        return new JdbcTemplate(counting);
    }

    /**
     * For the report, PostgreSQL only (H2: null): the server's autovacuum setting beside the bench's own vacuums, their
     * number and their seconds in all.
     */
    Map<String, Object> maintenance(JdbcTemplate jdbc) {
        if (postgresName == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("autovacuum", jdbc.queryForObject("SHOW autovacuum", String.class));
        m.put("vacuumsBeforeMeasurements", vacuums);
        m.put("vacuumSeconds", Math.round(vacuumSeconds * 10) / 10.0);
        return m;
    }

    String describe() {
        return kind.equals("h2") ? "H2 file database under " + dataDir : "PostgreSQL database " + postgresName + " on 127.0.0.1:5432";
    }

    /** The Spring properties that point Grantflow at this database. */
    Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("grantflow.data-dir", dataDir.toString());
        if (postgresName != null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            p.put("spring.profiles.active", "postgres");
            p.put("spring.datasource.url", POSTGRES + postgresName);
            p.put("spring.datasource.username", "postgres");
            p.put("spring.datasource.password", "");
            p.put("grantflow.keys.encryption-key", Base64.getEncoder().encodeToString(key));
        }
        return p;
    }

    @Override
    public void close() throws IOException, SQLException {
        if (counting != null) {
            counting.destroy();
        }
        if (postgresName != null) {
            try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
            }
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
