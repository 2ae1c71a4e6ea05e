package io.grantflow.audit;

import io.grantflow.support.Http;
import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** {@link OrphanedHoldingsContract} on PostgreSQL. */
class OrphanedHoldingsPostgresTest extends PostgresTestBase implements OrphanedHoldingsContract {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Override
    public ApplicationContext context() {
        return context;
    }

    @Override
    public Http admin() {
        return Http.at(port).as("admin", ADMIN_PASSWORD);
    }

    @Override
    public Http auditor() {
        return Http.at(port).as("auditor");
    }

    @Override
    public String engineRest() {
        return "/engine-rest/engine/postgres";
    }

    @Override
    public boolean postgres() {
        return true;
    }
}
