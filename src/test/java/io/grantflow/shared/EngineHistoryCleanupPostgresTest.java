package io.grantflow.shared;

import io.grantflow.support.PostgresTestBase;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link EngineHistoryCleanupContract} on PostgreSQL. */
class EngineHistoryCleanupPostgresTest extends PostgresTestBase {

    @Autowired
    ProcessEngine engine;

    @Test
    void flowEndsWithoutRemovalTimeAndCleanupRemovesOnlyWhatEndedLongerAgoThanItsTimeToLive() {
        EngineHistoryCleanupContract.run(engine);
    }
}
