package io.grantflow.edge;

import io.grantflow.protocol.CallInAnswer.PendingRevoke;
import io.grantflow.protocol.CallInAnswer.Refused;
import java.util.List;

/**
 * A feature's part of the call-in (activations: connection tokens and receipts; credits: credit files, revokes
 * and revoke keys, and the system's online status). Features implement it; the edge module knows none of them.
 */
public interface CallInHandler {

    /**
     * What the call-in records of the edge itself once its bearer is accepted (a HOME system is online from now on).
     * Runs in the bearer's transaction, so a quiet call-in commits once: on PostgreSQL every commit that wrote is a
     * flush of the write-ahead log, and the call-in is the path a million edges take every few minutes.
     */
    default void accepted(CallIn callIn) {
    }

    /**
     * Handles what the edge posted and answers what it adds to the call-in's answer. Each posted token must be
     * processed in its own transaction, so that one refused token neither fails the call-in nor undoes another.
     */
    Contribution handle(CallIn callIn);

    /** One handler's part of the answer; the call-in endpoint merges them in the order of the handlers. */
    record Contribution(List<String> connectionTokens, List<String> creditFiles, List<PendingRevoke> revokes,
            List<String> accepted, List<Refused> refused) {

        public Contribution {
            connectionTokens = List.copyOf(connectionTokens);
            creditFiles = List.copyOf(creditFiles);
            revokes = List.copyOf(revokes);
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
        }

        /** A handler with nothing to add (the call-in is not its kind of edge). */
        public static Contribution none() {
            return new Contribution(List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }
}
