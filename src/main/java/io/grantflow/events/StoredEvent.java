package io.grantflow.events;

import java.time.Instant;

/** A row of gf_event; {@code data} is its JSON text. */
record StoredEvent(long seq, String id, String type, String accountId, Instant occurredAt, String data) {
}
