package io.grantflow.credits;

import io.grantflow.support.PostgresTestBase;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** {@link CreditReturnGuardsContract} on PostgreSQL. */
class CreditReturnGuardsPostgresTest extends PostgresTestBase implements CreditReturnGuardsContract {

    @Autowired ApplicationContext context;
    @Autowired RuntimeService runtime;
    @Autowired ManagementService management;
    @Autowired IdentityService identity;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @Override
    public CreditFixtures f() {
        return f;
    }

    @Override
    public RuntimeService runtime() {
        return runtime;
    }

    @Override
    public ManagementService management() {
        return management;
    }

    @Override
    public IdentityService identity() {
        return identity;
    }
}
