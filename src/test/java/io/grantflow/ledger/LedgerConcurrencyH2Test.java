package io.grantflow.ledger;

import io.grantflow.support.GrantflowTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

@GrantflowTest
class LedgerConcurrencyH2Test implements LedgerConcurrencyContract {

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
