package io.grantflow.collections;

import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** {@link CollectionsContract} on PostgreSQL: the same pages, order and filters, the cursor's time kept to the microsecond. */
class CollectionsPostgresTest extends PostgresTestBase implements CollectionsContract {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Override
    public int port() {
        return port;
    }

    @Override
    public ApplicationContext context() {
        return context;
    }
}
