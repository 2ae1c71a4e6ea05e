package io.grantflow.shared;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flywaydb.core.Flyway;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Grantflow's changes to the engine's own tables are Flyway migrations ({@code db/engine}), run once the engine has
 * created or updated its schema: Grantflow's own migrations ({@code db/migration}) run before the engine starts, when
 * its tables may not exist yet. They keep their own history table, so the two sets of versions never meet.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class EngineSchemaMigrations extends AbstractProcessEnginePlugin {

    static final String SUBTASK_INDEX = "GF_IDX_TASK_PARENT";
    static final String JOB_DUE_DATE_INDEX = "GF_IDX_JOB_DUEDATE";
    static final String HISTORY_TABLE = "gf_engine_schema_history";

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        Flyway.configure()
                .dataSource(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource())
                .locations("classpath:db/engine")
                .table(HISTORY_TABLE)
                // the schema already holds Grantflow's and the engine's tables: start this history at nothing
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
