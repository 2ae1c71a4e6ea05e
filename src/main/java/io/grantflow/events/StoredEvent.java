package io.grantflow.events;

import java.time.Instant;

/**
 * A row of gf_event; {@code data} is its JSON text. {@code seq} is its insert order (deliveries name it), {@code feedSeq}
 * its place in the feed, given once it is committed (null before).
 */
record StoredEvent(long seq, Long feedSeq, String id, String type, String accountId, Instant occurredAt, String data) {
}
