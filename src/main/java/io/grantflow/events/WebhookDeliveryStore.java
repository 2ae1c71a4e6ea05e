package io.grantflow.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The owner of gf_webhook_delivery. A delivery is claimed by a conditional UPDATE (PENDING and due, or SENDING with a
 * claim run out): the database lets one of two nodes' updates match the row, so one node sends it; the claim runs out
 * so a node that died mid-send leaves it to another.
 */
@Repository
class WebhookDeliveryStore {

    private static final String SELECT = "SELECT d.*, e.id AS event_id, e.type FROM gf_webhook_delivery d"
            + " JOIN gf_event e ON e.seq = d.event_seq ";
    private static final RowMapper<WebhookDelivery> ROW = (rs, i) -> new WebhookDelivery(rs.getString("id"),
            rs.getString("endpoint_id"), rs.getLong("event_seq"), rs.getString("event_id"), rs.getString("type"),
            WebhookDelivery.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
            (Integer) rs.getObject("response_code"), rs.getString("last_error"), instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
            instant(rs.getObject("delivered_at", OffsetDateTime.class)));
    /** Due: pending and its time come, or claimed by a node that did not finish in time. */
    private static final String DUE = "((d.status = 'PENDING' AND d.next_attempt_at <= ?) OR (d.status = 'SENDING' AND d.claimed_until < ?))";

    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookDeliveryStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(String endpointId, long eventSeq) {
        jdbc.sql("INSERT INTO gf_webhook_delivery (id, endpoint_id, event_seq, status, attempts, next_attempt_at)"
                        + " VALUES (?, ?, ?, 'PENDING', 0, ?)")
                .params("whd_" + UUID.randomUUID().toString().replace("-", ""), endpointId, eventSeq, now()).update();
    }

    /**
     * Due deliveries, oldest event first, each the oldest unfinished one of its endpoint: an endpoint gets event N+1
     * only once N is delivered or given up. Each endpoint's oldest pending and oldest sending delivery are one index
     * lookup each (gf_webhook_delivery_unfinished), so a pass costs the same however many deliveries wait or were
     * delivered. Written as outer joins from the endpoints so that H2 too looks the deliveries up from them (the WHERE
     * keeps matched rows only).
     */
    List<WebhookDelivery> due(int limit) {
        OffsetDateTime now = now();
        return jdbc.sql("SELECT d.*, e.id AS event_id, e.type FROM (SELECT w.id AS endpoint_id,"
                        + " (SELECT MIN(o.event_seq) FROM gf_webhook_delivery o WHERE o.endpoint_id = w.id AND o.status = 'PENDING') AS pending,"
                        + " (SELECT MIN(o.event_seq) FROM gf_webhook_delivery o WHERE o.endpoint_id = w.id AND o.status = 'SENDING') AS sending"
                        + " FROM gf_webhook_endpoint w) h"
                        + " LEFT JOIN gf_webhook_delivery d ON d.endpoint_id = h.endpoint_id"
                        + " AND d.event_seq = CASE WHEN h.sending IS NULL OR h.pending < h.sending THEN h.pending ELSE h.sending END"
                        + " LEFT JOIN gf_event e ON e.seq = d.event_seq"
                        + " WHERE " + DUE + " ORDER BY d.event_seq FETCH FIRST " + limit + " ROWS ONLY")
                .params(now, now).query(ROW).list();
    }

    /** Claims the delivery for {@code hold}; false when another node claimed it first or it is no longer due. */
    boolean claim(String id, Duration hold) {
        OffsetDateTime now = now();
        return jdbc.sql("UPDATE gf_webhook_delivery d SET status = 'SENDING', claimed_until = ? WHERE d.id = ? AND " + DUE)
                .params(now.plus(hold), id, now, now).update() == 1;
    }

    void delivered(String id, int responseCode) {
        jdbc.sql("UPDATE gf_webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, response_code = ?,"
                        + " last_error = NULL, delivered_at = ?, claimed_until = NULL WHERE id = ? AND status = 'SENDING'")
                .params(responseCode, now(), id).update();
    }

    /** A failed attempt: again at {@code next}, or given up when null. */
    void failed(String id, Integer responseCode, String error, Instant next) {
        String status = next == null ? "FAILED" : "PENDING";
        jdbc.sql("UPDATE gf_webhook_delivery SET status = ?, attempts = attempts + 1, response_code = ?, last_error = ?,"
                        + " next_attempt_at = ?, claimed_until = NULL WHERE id = ? AND status = 'SENDING'")
                .params(status, responseCode, error == null ? null : error.substring(0, Math.min(500, error.length())),
                        next == null ? now() : OffsetDateTime.ofInstant(next, ZoneOffset.UTC), id)
                .update();
    }

    /** Sends the delivery again from now, whatever became of it, with a fresh schedule. */
    boolean redeliver(String endpointId, String id) {
        return jdbc.sql("UPDATE gf_webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?, claimed_until = NULL"
                        + " WHERE id = ? AND endpoint_id = ? AND status <> 'SENDING'")
                .params(now(), id, endpointId).update() == 1;
    }

    /**
     * Sends again, from now, every event since {@code since} the endpoint takes: the deliveries it had (whatever became
     * of them) and those it never had (events of a time it was disabled or not yet made); how many.
     */
    int redeliverSince(WebhookEndpoint endpoint, Instant since) {
        OffsetDateTime now = now();
        OffsetDateTime from = OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
        StringBuilder wanted = new StringBuilder("SELECT e.seq FROM gf_event e WHERE e.occurred_at >= ?");
        List<Object> args = new java.util.ArrayList<>(List.of(from));
        if (endpoint.accountId() != null) {
            wanted.append(" AND e.account_id = ?");
            args.add(endpoint.accountId());
        }
        if (!endpoint.events().isEmpty()) {
            wanted.append(" AND e.type IN (").append(EventStore.placeholders(endpoint.events())).append(")");
            args.addAll(endpoint.events());
        }
        List<Object> again = new java.util.ArrayList<>(List.of(now, endpoint.id()));
        again.addAll(args);
        int reset = jdbc.sql("UPDATE gf_webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?, claimed_until = NULL"
                + " WHERE endpoint_id = ? AND status IN ('DELIVERED', 'FAILED') AND event_seq IN (" + wanted + ")").params(again).update();
        // ids: one random stem per call and the event's seq, unique per endpoint and call
        List<Object> missing = new java.util.ArrayList<>(List.of("whd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_",
                endpoint.id(), now));
        missing.addAll(args);
        missing.add(endpoint.id());
        int added = jdbc.sql("INSERT INTO gf_webhook_delivery (id, endpoint_id, event_seq, status, attempts, next_attempt_at)"
                + " SELECT CONCAT(?, CAST(w.seq AS VARCHAR(20))), ?, w.seq, 'PENDING', 0, ? FROM (" + wanted + ") w"
                + " WHERE NOT EXISTS (SELECT 1 FROM gf_webhook_delivery o WHERE o.endpoint_id = ? AND o.event_seq = w.seq)")
                .params(missing).update();
        return reset + added;
    }

    /** Deletes the finished (delivered or given up) deliveries of these events. */
    void deleteFinishedOf(List<Long> eventSeqs) {
        if (!eventSeqs.isEmpty()) {
            jdbc.sql("DELETE FROM gf_webhook_delivery WHERE status IN ('DELIVERED', 'FAILED') AND event_seq IN ("
                    + EventStore.placeholders(eventSeqs) + ")").params(List.copyOf(eventSeqs)).update();
        }
    }

    List<WebhookDelivery> ofEndpoint(String endpointId, int limit) {
        return jdbc.sql(SELECT + "WHERE d.endpoint_id = ? ORDER BY d.event_seq DESC FETCH FIRST " + limit + " ROWS ONLY")
                .param(endpointId).query(ROW).list();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
