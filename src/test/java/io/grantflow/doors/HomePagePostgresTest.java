package io.grantflow.doors;

import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The home page and the sign-in ({@link HomePageJourneys}) on PostgreSQL (its test context's engine is {@code postgres}). */
class HomePagePostgresTest extends PostgresTestBase implements HomePageJourneys {

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
        return "postgres";
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    public ApplicationContext context() {
        return context;
    }
}
