package io.grantflow.activation;

import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link ReceiptProofContract} on PostgreSQL. */
class ReceiptProofPostgresTest extends PostgresTestBase implements ReceiptProofContract {

    @Autowired
    ActivationFixture fx;

    @Override
    public ActivationFixture fx() {
        return fx;
    }
}
