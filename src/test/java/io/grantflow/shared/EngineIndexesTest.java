package io.grantflow.shared;

import io.grantflow.support.GrantflowTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The indexes Grantflow adds to the engine's tables, on H2. */
@GrantflowTest
class EngineIndexesTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void everyJobHasADueDateAndTheJobTableAnIndexOnItOnH2() throws Exception {
        JobAcquisitionContract.run(engine, jdbc);
    }

    @Test
    void theEnginesSubtaskLookUpIsServedByAnIndexOnH2() throws Exception {
        SubtaskLookupIndexContract.run(jdbc, tx, false);
    }

    @Test
    void theIndexesAreTheEngineSchemasMigrationsOnH2() {
        EngineSchemaMigrationsContract.run(jdbc);
    }
}
