package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.grantflow.support.Postgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The bench's table-scan check on PostgreSQL, on a real server: a read by a column without an index, on a table of
 * thousands of rows, is reported with its scans and the rows they read; reads by the primary key and whole reads of a
 * small table are not; the bench's own counts, on its own connection, leave the server's scan counters alone; the
 * engine's tables are listed apart from the check.
 */
class SequentialScansPostgresTest {

    private BenchDatabase db;
    /** Grantflow's side: a connection per statement, whose counters reach the server as it closes. */
    private JdbcTemplate app;
    /** The bench's own counts. */
    private JdbcTemplate counting;

    @BeforeEach
    void freshDatabase() throws Exception {
        Postgres.require();
        db = BenchDatabase.create("postgres");
        Map<String, Object> p = db.properties();
        app = new JdbcTemplate(new DriverManagerDataSource((String) p.get("spring.datasource.url"),
                (String) p.get("spring.datasource.username"), (String) p.get("spring.datasource.password")));
        counting = db.countingJdbc(app);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void reportsScansThatReadALargeTableAndNotTheBenchsOwnCountsOrASmallTable() throws Exception {
        app.execute("CREATE TABLE gf_token_record (issuer VARCHAR(64), jti VARCHAR(64), direction VARCHAR(16), PRIMARY KEY (issuer, jti))");
        app.execute("CREATE TABLE gf_pool (id VARCHAR(64) PRIMARY KEY, total BIGINT)");
        app.update("INSERT INTO gf_token_record SELECT 'grantflow', 'j-' || g, 'ISSUED' FROM generate_series(1, 5000) g");
        app.update("INSERT INTO gf_pool SELECT 'SUB-' || g, 100 FROM generate_series(1, 10) g");
        app.execute("VACUUM (ANALYZE)");
        Map<String, SequentialScans.Counts> before = SequentialScans.read(counting);

        for (int i = 1; i <= 20; i++) {
            app.queryForList("SELECT direction FROM gf_token_record WHERE issuer = ? AND jti = ?", String.class, "grantflow", "j-" + i);
            app.queryForList("SELECT id FROM gf_pool WHERE total > ?", String.class, i);
        }
        for (int i = 0; i < 3; i++) {
            app.queryForList("SELECT jti FROM gf_token_record WHERE direction = ?", String.class, "RECEIVED");
        }
        // The bench's own counts, of whole tables and by an indexed column: the planner would scan for both (they
        // read every row) but for the connection's setting; through the primary keys they stay out of the counters.
        for (int i = 0; i < 5; i++) {
            counting.queryForObject("SELECT COUNT(*) FROM gf_token_record", Long.class);
            counting.queryForObject("SELECT COUNT(*) FROM gf_token_record WHERE issuer = 'grantflow'", Long.class);
            counting.queryForObject("SELECT COUNT(*) FROM gf_pool", Long.class);
        }
        // its own counters go out as it next goes idle, so that a scan of its own would be counted
        counting.queryForObject("SELECT pg_stat_force_next_flush()", Object.class);
        Map<String, SequentialScans.Counts> after = countersAfterFlush(counting);

        assertThat(SequentialScans.find(SequentialScans.GRANTFLOW, "window", before, after)).extracting(SequentialScans.Scan::table, SequentialScans.Scan::scans,
                SequentialScans.Scan::rowsRead).containsExactly(tuple("gf_token_record", 3L, 15_000L));
        // The small table was read whole, 10 rows a time: counted, and below the line.
        assertThat(after.get("gf_pool").scans() - before.get("gf_pool").scans()).isEqualTo(20);
        assertThat(after.get("gf_pool").rowsRead() - before.get("gf_pool").rowsRead()).isEqualTo(200);
    }

    @Test
    void reportsTheMeasurementWhereAReadThatGrowsWithItsTableCrossesTheLineThoughTheRunsAverageStaysBelow() throws Exception {
        app.execute("CREATE TABLE gf_activation_update (id VARCHAR(64) PRIMARY KEY, activation_id VARCHAR(64), in_flight_seats BIGINT)");
        app.update("INSERT INTO gf_activation_update SELECT 'U-' || g, 'RA-1', 1 FROM generate_series(1, 500) g");
        String inFlight = "SELECT SUM(in_flight_seats) FROM gf_activation_update WHERE activation_id = ?";
        SequentialScans.Findings findings = new SequentialScans.Findings();

        Map<String, SequentialScans.Counts> start = countersAfterFlush(counting);
        for (int i = 0; i < 10; i++) {
            app.queryForObject(inFlight, Long.class, "RA-1"); // 500 rows each
        }
        Map<String, SequentialScans.Counts> afterFirst = countersAfterFlush(counting);
        findings.add("young-table", start, afterFirst);
        app.update("INSERT INTO gf_activation_update SELECT 'U-' || g, 'RA-1', 1 FROM generate_series(501, 3000) g");
        Map<String, SequentialScans.Counts> beforeSecond = countersAfterFlush(counting);
        for (int i = 0; i < 2; i++) {
            app.queryForObject(inFlight, Long.class, "RA-1"); // 3,000 rows each
        }
        Map<String, SequentialScans.Counts> end = countersAfterFlush(counting);
        findings.add("grown-table", beforeSecond, end);

        // Over the whole run: 12 scans, 11,000 rows, 916 a scan on average: below the line.
        assertThat(SequentialScans.find(SequentialScans.GRANTFLOW, "the whole run", start, end)).isEmpty();
        findings.add("the whole run", start, end);
        assertThat(findings.list(SequentialScans.GRANTFLOW)).extracting(SequentialScans.Scan::table, SequentialScans.Scan::during, SequentialScans.Scan::scans,
                SequentialScans.Scan::rowsRead).containsExactly(tuple("gf_activation_update", "grown-table", 2L, 6_000L));
    }

    @Test
    void listsTheEnginesLargeScansApartFromGrantflowsCheck() throws Exception {
        app.execute("CREATE TABLE act_ru_authorization (id_ VARCHAR(64) PRIMARY KEY, group_id_ VARCHAR(255))");
        app.execute("CREATE TABLE gf_pool (id VARCHAR(64) PRIMARY KEY, total BIGINT)");
        app.update("INSERT INTO act_ru_authorization SELECT 'A-' || g, 'operators' FROM generate_series(1, 4000) g");
        app.update("INSERT INTO gf_pool SELECT 'SUB-' || g, 100 FROM generate_series(1, 10) g");
        app.execute("VACUUM (ANALYZE)");
        SequentialScans.Findings findings = new SequentialScans.Findings();

        Map<String, SequentialScans.Counts> before = countersAfterFlush(counting);
        for (int i = 0; i < 2; i++) {
            app.queryForList("SELECT DISTINCT group_id_ FROM act_ru_authorization WHERE group_id_ IS NOT NULL", String.class);
            app.queryForList("SELECT id FROM gf_pool WHERE total > 0", String.class);
        }
        Map<String, SequentialScans.Counts> after = countersAfterFlush(counting);
        findings.add("window", before, after);

        // The engine's table is not Grantflow's to fix: listed apart, with the rows its scans read, and kept out of the check.
        assertThat(findings.list(SequentialScans.ENGINE)).extracting(SequentialScans.Scan::table, SequentialScans.Scan::scans, SequentialScans.Scan::rowsRead)
                .containsExactly(tuple("act_ru_authorization", 2L, 8_000L));
        assertThat(findings.list(SequentialScans.GRANTFLOW)).isEmpty();
        assertThat(SequentialScans.between(SequentialScans.GRANTFLOW, "window", before, after)).extracting(SequentialScans.Scan::table)
                .containsExactly("gf_pool");
    }

    /**
     * The counters once the closed connections' statistics have reached the server: a backend reports its counters as
     * it exits, so once no other backend is left on the database, every scan Grantflow's side made is counted.
     */
    private static Map<String, SequentialScans.Counts> countersAfterFlush(JdbcTemplate counting) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> counting.queryForObject(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", Long.class) == 0);
        return SequentialScans.read(counting);
    }
}
