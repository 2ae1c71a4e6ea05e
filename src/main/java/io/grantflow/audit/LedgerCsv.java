package io.grantflow.audit;

import io.grantflow.ledger.LedgerEntry;
import java.util.List;

/** Ledger rows as CSV (RFC 4180), one row per movement, for spreadsheets and auditors' own tools. */
final class LedgerCsv {

    private static final String HEADER = "id,pool,seq,movement,kind,holder,amount,available_after,pending_after,holder_held_after,"
            + "reason,proof,process_instance,actor,created_at,prev_hash,hash";

    private LedgerCsv() {
    }

    static String write(List<LedgerEntry> entries) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (LedgerEntry e : entries) {
            csv.append(String.join(",", String.valueOf(e.id()), field(e.poolId()), String.valueOf(e.seq()), field(e.movementId()),
                    e.kind().name(), field(e.holderId()), String.valueOf(e.amount()), String.valueOf(e.availableAfter()),
                    String.valueOf(e.pendingAfter()), String.valueOf(e.holderHeldAfter()), field(e.reason()), field(e.proof()),
                    field(e.processInstanceId()), field(e.actor()), e.createdAt().toString(), e.prevHash(), e.hash())).append("\r\n");
        }
        return csv.toString();
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        // Quote always when needed; a leading = + - @ would be run as a formula by a spreadsheet: defuse it.
        String safe = value.matches("^[=+\\-@\\t\\r].*") ? "'" + value : value;
        return safe.matches(".*[\",\\r\\n].*") || !safe.equals(value) ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
