package io.grantflow.doors;

import io.grantflow.support.PostgresTestBase;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The door matrix ({@link DoorMatrix}) on PostgreSQL; the engine of the PostgreSQL test context is named {@code postgres}. */
class DoorMatrixPostgresTest extends PostgresTestBase {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @TestFactory
    Stream<DynamicNode> everyRuleHoldsAtEveryDoorForEveryRoleOnPostgres() {
        return new DoorMatrix(port, "postgres", ADMIN_PASSWORD, context).cells();
    }
}
