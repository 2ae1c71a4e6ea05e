package io.grantflow.shared;

import io.grantflow.support.GrantflowTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link PlainTextInputContract} on H2. */
@GrantflowTest
class PlainTextInputTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void labelsAndIdsWhenTheyHoldControlOrBidiCharactersThen400NamingTheFieldAndNothingStored() {
        PlainTextInputContract.run(port, jdbc);
    }
}
