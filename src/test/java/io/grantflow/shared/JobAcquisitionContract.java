package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link JobAcquisitionByDueDate} on the database the context runs on (H2 and PostgreSQL). */
final class JobAcquisitionContract {

    private JobAcquisitionContract() {
    }

    static void run(ProcessEngine engine, JdbcTemplate jdbc) throws Exception {
        assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).isEnsureJobDueDateNotNull()).isTrue();
        assertThat(indexesOf(jdbc, "ACT_RU_JOB")).as("indexes of ACT_RU_JOB").contains(EngineSchemaMigrations.JOB_DUE_DATE_INDEX);

        // An async continuation, its job definition suspended so that its job stays (suspended) for the test to look at.
        Deployment deployment = engine.getRepositoryService().createDeployment().name("job-acquisition-test")
                .addModelInstance("gf-test-async.bpmn", Bpmn.createExecutableProcess("gf-test-async").camundaHistoryTimeToLive(1)
                        .startEvent().camundaAsyncAfter().endEvent().done())
                .deploy();
        try {
            JobDefinition definition = engine.getManagementService().createJobDefinitionQuery().processDefinitionKey("gf-test-async")
                    .singleResult();
            engine.getManagementService().suspendJobDefinitionById(definition.getId());
            Date before = new Date(System.currentTimeMillis() - 1000);
            String instance = engine.getRuntimeService().startProcessInstanceByKey("gf-test-async").getId();
            Job job = engine.getManagementService().createJobQuery().processInstanceId(instance).singleResult();
            // Without the setting an async continuation has no due date, and the index could not serve its acquisition.
            assertThat(job.getDuedate()).as("an async continuation's due date").isNotNull().isAfter(before);

            // A job written before the setting (no due date) is given its creation time, or the job executor would never see it.
            jdbc.update("UPDATE ACT_RU_JOB SET DUEDATE_ = NULL WHERE ID_ = ?", job.getId());
            assertThat(JobAcquisitionByDueDate.dueDatesForOldJobs(jdbc)).isGreaterThanOrEqualTo(1);
            Job after = engine.getManagementService().createJobQuery().jobId(job.getId()).singleResult();
            assertThat(after.getDuedate()).isEqualTo(after.getCreateTime());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_JOB WHERE DUEDATE_ IS NULL", Integer.class)).isZero();
        } finally {
            engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
        }
    }

    /** Index names of an engine table, upper case (PostgreSQL folds unquoted names to lower case). */
    static List<String> indexesOf(JdbcTemplate jdbc, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = jdbc.getDataSource().getConnection()) {
            for (String name : List.of(table.toUpperCase(java.util.Locale.ROOT), table.toLowerCase(java.util.Locale.ROOT))) {
                try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, name, false, false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") != null) {
                            names.add(rs.getString("INDEX_NAME").toUpperCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        }
        return names;
    }
}
