package io.grantflow.shared;

import io.grantflow.support.GrantflowTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link EngineHistoryCleanupContract} on H2. */
@GrantflowTest
class EngineHistoryCleanupTest {

    @Autowired
    ProcessEngine engine;

    @Test
    void flowEndsWithoutRemovalTimeAndCleanupRemovesOnlyWhatEndedLongerAgoThanItsTimeToLive() {
        EngineHistoryCleanupContract.run(engine);
    }
}
