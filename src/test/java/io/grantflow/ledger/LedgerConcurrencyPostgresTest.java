package io.grantflow.ledger;

import io.grantflow.support.PostgresTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class LedgerConcurrencyPostgresTest extends PostgresTestBase implements LedgerConcurrencyContract {

    @Autowired
    LedgerService ledger;
    @Autowired
    LedgerVerifier verifier;
    @Autowired
    TransactionTemplate tx;

    @Override
    public LedgerService ledger() {
        return ledger;
    }

    @Override
    public LedgerVerifier verifier() {
        return verifier;
    }

    @Override
    public TransactionTemplate tx() {
        return tx;
    }
}
