package io.grantflow.credits;

import io.grantflow.support.GrantflowTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@GrantflowTest
class CreditsConcurrencyTest {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;

    @Test
    void parallelAssignmentsAgainstOneSubscriptionNeverOverspendItOnH2() throws Exception {
        ConcurrentAssignments.race(port, CreditFixtures.from(context), 10, 40, 12);
    }
}
