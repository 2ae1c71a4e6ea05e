package io.grantflow.shared;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The job executor finds due jobs through an index instead of reading every job. Every credit assignment waits on a
 * timer job (its subscription's end, an auto-revoke) for as long as it holds credits, so the job table grows with
 * the systems served; the engine's acquisition query ({@code DUEDATE_ is null or DUEDATE_ <= now}) has no index to
 * use and would read all of them every few milliseconds while jobs are due.
 * <p>
 * With {@code ensureJobDueDateNotNull} every job gets a due date (an async continuation: when it was created), the
 * query drops its {@code is null} branch, and {@code GF_IDX_JOB_DUEDATE} ({@link EngineSchemaMigrations}) serves it. Jobs written before this setting
 * have no due date and the query would no longer see them: they are given their creation time at start, before
 * anything runs them.
 */
@Component
class JobAcquisitionByDueDate extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setEnsureJobDueDateNotNull(true);
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        dueDatesForOldJobs(new JdbcTemplate(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource()));
    }

    /** @return how many jobs had no due date */
    static int dueDatesForOldJobs(JdbcTemplate jdbc) {
        return jdbc.update("UPDATE ACT_RU_JOB SET DUEDATE_ = COALESCE(CREATE_TIME_, CURRENT_TIMESTAMP) WHERE DUEDATE_ IS NULL");
    }
}
