package io.grantflow.shared;

import io.grantflow.support.PostgresTestBase;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The indexes Grantflow adds to the engine's tables, on PostgreSQL. */
class EngineIndexesPostgresTest extends PostgresTestBase {

    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void everyJobHasADueDateAndTheJobTableAnIndexOnItOnPostgres() throws Exception {
        JobAcquisitionContract.run(engine, jdbc);
    }

    @Test
    void theEnginesSubtaskLookUpIsServedByAnIndexOnPostgres() throws Exception {
        SubtaskLookupIndexContract.run(jdbc, tx, true);
    }

    @Test
    void theIndexesAreTheEngineSchemasMigrationsOnPostgres() {
        EngineSchemaMigrationsContract.run(jdbc);
    }
}
