package io.grantflow.doors;

import io.grantflow.support.GrantflowTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The home page and the sign-in ({@link HomePageJourneys}) on the embedded default's database, H2. */
@GrantflowTest
class HomePageH2Test implements HomePageJourneys {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Override
    public int port() {
        return port;
    }

    @Override
    public String engine() {
        return "default";
    }

    @Override
    public String adminPassword() {
        return "admin";
    }

    @Override
    public ApplicationContext context() {
        return context;
    }
}
