package io.grantflow.doors;

import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** Webhooks ({@link WebhookDeliveryContract}) on PostgreSQL. */
class WebhookDeliveryPostgresTest extends PostgresTestBase implements WebhookDeliveryContract {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;

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
