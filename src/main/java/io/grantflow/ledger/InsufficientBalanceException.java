package io.grantflow.ledger;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;

/** A movement would take more than there is; nothing was written. Features translate it to their own code. */
public class InsufficientBalanceException extends GrantflowException {

    private final long requested;
    private final long available;

    InsufficientBalanceException(String detail, long requested, long available) {
        super(Refusal.INSUFFICIENT_BALANCE, detail);
        this.requested = requested;
        this.available = available;
    }

    public long requested() {
        return requested;
    }

    public long available() {
        return available;
    }
}
