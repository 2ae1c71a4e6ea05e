package io.grantflow.activation;

import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link DisconnectProofContract} on PostgreSQL. */
class DisconnectProofPostgresTest extends PostgresTestBase implements DisconnectProofContract {

    @Autowired
    ActivationFixture fx;
    @Autowired
    LedgerVerifier verifier;

    @Override
    public ActivationFixture fx() {
        return fx;
    }

    @Override
    public LedgerVerifier verifier() {
        return verifier;
    }
}
