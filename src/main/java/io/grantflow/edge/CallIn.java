package io.grantflow.edge;

import io.grantflow.tokens.EdgeKeys;
import java.time.Instant;
import java.util.List;

/**
 * One authenticated call-in of an installation or HOME system: who called (proved by its {@code callin+jwt}),
 * and what it hands back (receipts of applied connection tokens, revoke keys, disconnect proofs).
 */
public record CallIn(String edgeId, EdgeKeys.Kind kind, String accountId, List<String> receipts, List<String> revokeKeys,
        List<String> disconnectProofs, Instant at) {

    /** A call-in that hands back no disconnect proof. */
    public CallIn(String edgeId, EdgeKeys.Kind kind, String accountId, List<String> receipts, List<String> revokeKeys, Instant at) {
        this(edgeId, kind, accountId, receipts, revokeKeys, List.of(), at);
    }
}
