package io.grantflow.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a row's fields and the previous row's hash of the same pool. */
final class EntryHash {

    static final String GENESIS = "0".repeat(64);

    private EntryHash() {
    }

    static String of(LedgerEntry e) {
        String canonical = String.join("|",
                field(e.poolId()), Long.toString(e.seq()), field(e.movementId()), e.kind().name(), field(e.holderId()),
                Long.toString(e.amount()), Long.toString(e.availableAfter()), Long.toString(e.pendingAfter()),
                Long.toString(e.holderHeldAfter()), field(e.reason()), field(e.proof()), field(e.processInstanceId()),
                field(e.actor()), Long.toString(e.createdAt().toEpochMilli()), e.prevHash());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String field(String s) {
        // Length-prefixed so that no two different rows share a canonical form.
        return s == null ? "-" : s.length() + ":" + s;
    }
}
