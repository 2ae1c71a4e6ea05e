package io.grantflow.events;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The owner of gf_event and gf_event_sequencer: appends in the caller's transaction, places committed events in the
 * feed's order, pages by that order, purges what is past retention.
 */
@Repository
class EventStore {

    private static final RowMapper<StoredEvent> ROW = (rs, i) -> new StoredEvent(rs.getLong("seq"), (Long) rs.getObject("feed_seq", Long.class), rs.getString("id"),
            rs.getString("type"), rs.getString("account_id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
            rs.getString("data"));

    private final JdbcClient jdbc;
    private final Clock clock;

    EventStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Appends the event; its seq. */
    long append(String id, String type, String accountId, String data) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO gf_event (id, type, account_id, occurred_at, data) VALUES (?, ?, ?, ?, ?)")
                .params(id, type, accountId, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), data).update(keys, "seq");
        return keys.getKeyAs(Long.class);
    }

    StoredEvent bySeq(long seq) {
        return jdbc.sql("SELECT * FROM gf_event WHERE seq = ?").param(seq).query(ROW).single();
    }

    /**
     * Events placed in the feed after {@code afterFeedSeq}, in feed order; {@code accountId} null: every account's;
     * {@code types} empty: all.
     */
    List<StoredEvent> after(long afterFeedSeq, String accountId, Set<String> types, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM gf_event WHERE feed_seq > ?");
        List<Object> args = new ArrayList<>(List.of(afterFeedSeq));
        if (accountId != null) {
            sql.append(" AND account_id = ?");
            args.add(accountId);
        }
        if (!types.isEmpty()) {
            sql.append(" AND type IN (").append(placeholders(types)).append(")");
            args.addAll(types);
        }
        sql.append(" ORDER BY feed_seq FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(args).query(ROW).list();
    }

    /**
     * Takes the sequencer's row lock until the caller's transaction ends, and answers the last place given. Statements
     * after it see every event committed before the lock was granted.
     */
    long lockSequencer() {
        jdbc.sql("UPDATE gf_event_sequencer SET last_feed_seq = last_feed_seq WHERE id = 1").update();
        return jdbc.sql("SELECT last_feed_seq FROM gf_event_sequencer WHERE id = 1").query(Long.class).single();
    }

    /** Committed events without a place in the feed yet, in insert order. */
    List<Long> unplaced(int limit) {
        return jdbc.sql("SELECT seq FROM gf_event WHERE feed_seq IS NULL ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")
                .query(Long.class).list();
    }

    void place(long seq, long feedSeq) {
        jdbc.sql("UPDATE gf_event SET feed_seq = ? WHERE seq = ?").params(feedSeq, seq).update();
    }

    void placedUpTo(long lastFeedSeq) {
        jdbc.sql("UPDATE gf_event_sequencer SET last_feed_seq = ? WHERE id = 1").param(lastFeedSeq).update();
    }

    /** The oldest events that occurred before {@code cutoff}, but for those with a delivery still to make. */
    List<Long> occurredBefore(Instant cutoff, int limit) {
        return jdbc.sql("SELECT e.seq FROM gf_event e WHERE e.occurred_at < ? AND NOT EXISTS (SELECT 1 FROM gf_webhook_delivery d"
                        + " WHERE d.event_seq = e.seq AND d.status IN ('PENDING', 'SENDING')) ORDER BY e.occurred_at, e.seq FETCH FIRST "
                        + limit + " ROWS ONLY")
                .param(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)).query(Long.class).list();
    }

    /** Deletes those of {@code seqs} that no delivery names any more; how many. */
    int deleteUndelivering(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM gf_event WHERE seq IN (" + placeholders(seqs) + ")"
                + " AND NOT EXISTS (SELECT 1 FROM gf_webhook_delivery d WHERE d.event_seq = gf_event.seq)").params(List.copyOf(seqs)).update();
    }

    /** "?, ?, ?": one parameter per value, for an IN list. */
    static String placeholders(Collection<?> values) {
        return String.join(", ", Collections.nCopies(values.size(), "?"));
    }
}
