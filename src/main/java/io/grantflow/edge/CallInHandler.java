package io.grantflow.edge;

/**
 * A feature's part of the call-in (activations: connection tokens and receipts; credits: credit files, revokes
 * and revoke keys, and the system's online status). Features implement it; the edge module knows none of them.
 */
public interface CallInHandler {

    /**
     * Handles what the edge posted and adds what awaits it. Each posted token must be processed in its own
     * transaction, so that one refused token neither fails the call-in nor undoes another.
     */
    void handle(CallIn callIn, CallInAnswer answer);
}
