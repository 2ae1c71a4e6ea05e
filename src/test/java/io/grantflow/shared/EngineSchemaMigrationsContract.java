package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The engine-schema migrations ran after the engine, each recorded once, successful, in their own history table. */
final class EngineSchemaMigrationsContract {

    private EngineSchemaMigrationsContract() {
    }

    static void run(JdbcTemplate jdbc) {
        List<String> applied = jdbc.queryForList("SELECT \"version\" FROM \"" + EngineSchemaMigrations.HISTORY_TABLE
                + "\" WHERE \"success\" AND \"version\" <> '0' ORDER BY \"installed_rank\"", String.class);
        assertThat(applied).as("applied engine-schema migrations").containsExactly("1");
        List<String> grantflows = jdbc.queryForList("SELECT \"version\" FROM \"gf_schema_history\" WHERE \"version\" = '1'", String.class);
        assertThat(grantflows).as("Grantflow's own history keeps its own V1").hasSize(1);
    }
}
