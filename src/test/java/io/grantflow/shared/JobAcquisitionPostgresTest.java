package io.grantflow.shared;

import io.grantflow.support.PostgresTestBase;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link JobAcquisitionContract} on PostgreSQL. */
class JobAcquisitionPostgresTest extends PostgresTestBase {

    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyJobHasADueDateAndTheJobTableAnIndexOnItOnPostgres() throws Exception {
        JobAcquisitionContract.run(engine, jdbc);
    }
}
