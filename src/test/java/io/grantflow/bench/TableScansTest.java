package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bench's table-scan check on a real H2 database: a read by a column without an index is reported with its table,
 * the same read after the index is created is not, and the bench's own statements and the engine's tables are left out.
 */
class TableScansTest {

    @Test
    void reportsAReadThatScansAGrantflowTableUntilAnIndexServesIt() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:scans-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE TABLE gf_token_record (issuer VARCHAR(64), jti VARCHAR(64), direction VARCHAR(16), compact VARCHAR(4000),"
                + " PRIMARY KEY (issuer, jti))");
        jdbc.execute("CREATE TABLE act_ru_task (id_ VARCHAR(64) PRIMARY KEY, name_ VARCHAR(255))");
        TableScans.start(ds);

        String byJti = "SELECT compact FROM gf_token_record WHERE jti = ? AND direction = 'ISSUED'";
        jdbc.queryForList(byJti, String.class, "j-1");
        jdbc.queryForList("SELECT compact FROM gf_token_record WHERE issuer = ? AND jti = ?", String.class, "grantflow", "j-1");
        jdbc.update("UPDATE gf_token_record SET compact = ? WHERE direction = ?", "x", "ISSUED");
        jdbc.queryForList("SELECT id_ FROM act_ru_task WHERE name_ = ?", String.class, "Configure printer seats");
        jdbc.queryForObject(TableScans.own("SELECT COUNT(*) FROM gf_token_record"), Long.class);

        assertThat(TableScans.find(ds)).extracting(TableScans.Scan::table, TableScans.Scan::sql).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("gf_token_record", byJti),
                org.assertj.core.groups.Tuple.tuple("gf_token_record", "UPDATE gf_token_record SET compact = ? WHERE direction = ?"));

        jdbc.execute("CREATE INDEX gf_token_record_jti ON gf_token_record (jti)");
        assertThat(TableScans.find(ds)).extracting(TableScans.Scan::sql)
                .containsExactly("UPDATE gf_token_record SET compact = ? WHERE direction = ?");
    }
}
