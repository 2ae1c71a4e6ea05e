package io.grantflow.doors;

import io.grantflow.support.GrantflowTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The door matrix ({@link DoorMatrix}) on the embedded default's database, H2. */
@GrantflowTest
class DoorMatrixH2Test {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @TestFactory
    Stream<DynamicNode> everyRuleHoldsAtEveryDoorForEveryRoleOnH2() {
        return new DoorMatrix(port, "default", "admin", context).cells();
    }
}
