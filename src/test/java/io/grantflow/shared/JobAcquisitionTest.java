package io.grantflow.shared;

import io.grantflow.support.GrantflowTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@GrantflowTest
class JobAcquisitionTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyJobHasADueDateAndTheJobTableAnIndexOnItOnH2() throws Exception {
        JobAcquisitionContract.run(engine, jdbc);
    }
}
