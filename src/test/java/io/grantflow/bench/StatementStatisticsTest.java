package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bench's table-scan check on a real H2 database: a read by a column without an index is reported with its table,
 * the same read after the index is created is not, and the bench's own statements and the engine's tables are left out;
 * the engine's scans are listed apart, for its large tables only.
 */
class StatementStatisticsTest {

    @Test
    void reportsAReadThatScansAGrantflowTableUntilAnIndexServesIt() throws Exception {
        JdbcDataSource ds = database("scans");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE gf_token_record (issuer VARCHAR(64), jti VARCHAR(64), direction VARCHAR(16), compact VARCHAR(4000),"
                + " PRIMARY KEY (issuer, jti))");
        jdbc.execute("CREATE TABLE act_ru_task (id_ VARCHAR(64) PRIMARY KEY, name_ VARCHAR(255))");
        StatementStatistics.start(ds);

        String byJti = "SELECT compact FROM gf_token_record WHERE jti = ? AND direction = 'ISSUED'";
        jdbc.queryForList(byJti, String.class, "j-1");
        jdbc.queryForList("SELECT compact FROM gf_token_record WHERE issuer = ? AND jti = ?", String.class, "grantflow", "j-1");
        jdbc.update("UPDATE gf_token_record SET compact = ? WHERE direction = ?", "x", "ISSUED");
        jdbc.queryForList("SELECT id_ FROM act_ru_task WHERE name_ = ?", String.class, "Configure printer seats");
        jdbc.queryForObject(StatementStatistics.own("SELECT COUNT(*) FROM gf_token_record"), Long.class);

        assertThat(StatementStatistics.find(ds)).extracting(StatementStatistics.Scan::table, StatementStatistics.Scan::sql).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("gf_token_record", byJti),
                org.assertj.core.groups.Tuple.tuple("gf_token_record", "UPDATE gf_token_record SET compact = ? WHERE direction = ?"));

        jdbc.execute("CREATE INDEX gf_token_record_jti ON gf_token_record (jti)");
        assertThat(StatementStatistics.find(ds)).extracting(StatementStatistics.Scan::sql)
                .containsExactly("UPDATE gf_token_record SET compact = ? WHERE direction = ?");
    }

    @Test
    void slowestCountsEachStatementsExecutionsSinceTheRestartAndLeavesOutTheBenchsOwn() throws Exception {
        JdbcDataSource ds = database("slowest");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE gf_pool (id VARCHAR(64) PRIMARY KEY, total BIGINT)");
        StatementStatistics.start(ds);
        String byId = "SELECT total FROM gf_pool WHERE id = ?";
        jdbc.queryForList(byId, Long.class, "before the restart");
        StatementStatistics.restart(ds);
        for (int i = 0; i < 3; i++) {
            jdbc.queryForList(byId, Long.class, "SUB-" + i);
        }
        jdbc.update("INSERT INTO gf_pool (id, total) VALUES (?, ?)", "SUB-1", 10L);
        jdbc.queryForObject(StatementStatistics.own("SELECT COUNT(*) FROM gf_pool"), Long.class);

        List<StatementStatistics.Timed> slowest = StatementStatistics.slowest(ds, 10);
        // Besides H2's own per-connection statements (the URL's settings): ours, and not the bench's count.
        assertThat(slowest).extracting(StatementStatistics.Timed::sql)
                .contains(byId, "INSERT INTO gf_pool (id, total) VALUES (?, ?)").doesNotContain("SELECT COUNT(*) FROM gf_pool");
        assertThat(slowest).filteredOn(t -> t.sql().equals(byId)).singleElement()
                .satisfies(t -> assertThat(t.executions()).isEqualTo(3));
        assertThat(StatementStatistics.slowest(ds, 1)).hasSize(1);
    }

    @Test
    void listsTheEnginesScansOfLargeTablesWithTheirSizeAndLeavesOutSmallTablesAndIndexedReads() throws Exception {
        JdbcDataSource ds = database("engine-scans");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE ACT_RU_JOB (ID_ VARCHAR(64) PRIMARY KEY, RETRIES_ INTEGER, DUEDATE_ TIMESTAMP)");
        jdbc.execute("CREATE TABLE ACT_GE_PROPERTY (NAME_ VARCHAR(64) PRIMARY KEY, VALUE_ VARCHAR(300))");
        for (int i = 0; i < 50; i++) {
            jdbc.update("INSERT INTO ACT_RU_JOB VALUES (?, 3, CURRENT_TIMESTAMP)", "job-" + i);
        }
        jdbc.update("INSERT INTO ACT_GE_PROPERTY VALUES ('schema.version', '7.24.0')");
        StatementStatistics.start(ds);

        String failed = "select count(distinct RES.ID_) from ACT_RU_JOB RES WHERE RES.RETRIES_ = 0";
        String byId = "select * from ACT_RU_JOB where ID_ = ?";
        String property = "select * from ACT_GE_PROPERTY where VALUE_ = ?";
        jdbc.queryForObject(failed, Long.class);
        jdbc.queryForObject(failed, Long.class);
        jdbc.queryForList(byId, "job-1");
        jdbc.queryForList(property, "7.24.0");

        assertThat(StatementStatistics.engineScans(ds, 40)).singleElement().satisfies(scan -> {
            assertThat(scan.table()).isEqualTo("act_ru_job");
            assertThat(scan.rows()).isEqualTo(50);
            assertThat(scan.sql()).isEqualTo(failed);
            assertThat(scan.executions()).isEqualTo(2);
        });
        assertThat(StatementStatistics.engineScans(ds, 1)).extracting(StatementStatistics.EngineScan::sql).containsExactlyInAnyOrder(failed, property);
        assertThat(StatementStatistics.engineScans(ds, 51)).isEmpty();
        assertThat(StatementStatistics.find(ds)).as("the Grantflow table check").isEmpty();

        jdbc.execute("CREATE INDEX ACT_IDX_JOB_RETRIES ON ACT_RU_JOB (RETRIES_)");
        assertThat(StatementStatistics.engineScans(ds, 40)).isEmpty();
    }

    /** A fresh in-memory H2 database of its own. */
    private static JdbcDataSource database(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }
}
