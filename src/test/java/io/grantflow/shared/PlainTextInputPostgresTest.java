package io.grantflow.shared;

import io.grantflow.support.PostgresTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link PlainTextInputContract} on PostgreSQL, which cannot store NUL at all: it must never reach the database. */
class PlainTextInputPostgresTest extends PostgresTestBase {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void labelsAndIdsWhenTheyHoldControlOrBidiCharactersThen400NamingTheFieldAndNothingStoredOnPostgres() {
        PlainTextInputContract.run(port, jdbc);
    }
}
