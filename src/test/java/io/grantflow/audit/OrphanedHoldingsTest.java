package io.grantflow.audit;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** {@link OrphanedHoldingsContract} on H2. */
@GrantflowTest
class OrphanedHoldingsTest implements OrphanedHoldingsContract {

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
        return Http.at(port).as("admin");
    }

    @Override
    public Http auditor() {
        return Http.at(port).as("auditor");
    }

    @Override
    public String engineRest() {
        return "/engine-rest";
    }

    @Override
    public boolean postgres() {
        return false;
    }
}
