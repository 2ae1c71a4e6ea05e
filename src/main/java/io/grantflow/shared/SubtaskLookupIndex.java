package io.grantflow.shared;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Completing or deleting a user task makes the engine look for its subtasks ({@code select * from ACT_RU_TASK where
 * PARENT_TASK_ID_ = ?}), and the engine's schema has no index on that column: every download of a credit file, every
 * seat configuration and every credit expiry before delivery read all open tasks. An undelivered offline assignment
 * keeps its "Deliver credit file" task open, so the open tasks grow with the files waiting. {@code GF_IDX_TASK_PARENT}
 * serves the look-up.
 */
@Component
class SubtaskLookupIndex extends AbstractProcessEnginePlugin {

    static final String INDEX = "GF_IDX_TASK_PARENT";

    /** After the engine made or updated its schema (Flyway runs before the engine, so a migration could not). */
    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        new JdbcTemplate(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource())
                .execute("CREATE INDEX IF NOT EXISTS " + INDEX + " ON ACT_RU_TASK (PARENT_TASK_ID_)");
    }
}
