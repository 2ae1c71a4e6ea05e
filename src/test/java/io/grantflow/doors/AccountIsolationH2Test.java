package io.grantflow.doors;

import io.grantflow.support.GrantflowTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** Accounts are isolated at every door ({@link AccountIsolation}), on the embedded default's database, H2. */
@GrantflowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountIsolationH2Test implements AccountIsolationJourneys {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    private AccountIsolation isolation;

    @Override
    public AccountIsolation isolation() {
        if (isolation == null) {
            isolation = new AccountIsolation(port, "default", "admin", context);
        }
        return isolation;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String engine() {
        return "default";
    }
}
