package io.grantflow.activation;

import io.grantflow.support.PostgresTestBase;
import io.grantflow.tokens.TokenRecords;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link SaveGuardsContract} on PostgreSQL. */
class SaveGuardsPostgresTest extends PostgresTestBase implements SaveGuardsContract {

    @Autowired
    ActivationFixture fx;
    @Autowired
    TokenRecords records;

    @Override
    public ActivationFixture fx() {
        return fx;
    }

    @Override
    public String waitingForALock() {
        return "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
    }

    @Override
    public TokenRecords records() {
        return records;
    }
}
