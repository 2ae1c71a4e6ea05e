package io.grantflow.activation;

import io.grantflow.support.GrantflowTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One update at a time per activation, under concurrency (H2; PostgreSQL in RemoteActivationPostgresTest). */
@GrantflowTest
class RemoteActivationConcurrencyTest {

    @Autowired
    ActivationFixture fx;

    @Test
    void concurrentUpdateTokensStartOnlyOneUpdate() throws Exception {
        ConcurrentUpdateStarts.assertOnlyOneStarts(fx);
    }
}
