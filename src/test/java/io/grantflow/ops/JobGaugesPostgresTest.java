package io.grantflow.ops;

import io.grantflow.support.PostgresTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The job gauges on PostgreSQL. */
class JobGaugesPostgresTest extends PostgresTestBase {

    @Autowired
    ProcessEngine engine;
    @Autowired
    GrantflowMetrics metrics;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void jobGaugesCountDueAndFailedJobsThroughBoundedQueriesOnPostgres() {
        JobGaugesContract.run(engine, metrics, meters, jdbc, tx, true);
    }
}
