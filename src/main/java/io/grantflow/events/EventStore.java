package io.grantflow.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owner of gf_event: appends in the caller's transaction, pages by seq. */
@Repository
class EventStore {

    private static final RowMapper<StoredEvent> ROW = (rs, i) -> new StoredEvent(rs.getLong("seq"), rs.getString("id"),
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
        jdbc.sql("INSERT INTO gf_event (id, type, account_id, occurred_at, data) VALUES (?, ?, ?, ?, ?)")
                .params(id, type, accountId, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), data).update();
        return jdbc.sql("SELECT seq FROM gf_event WHERE id = ?").param(id).query(Long.class).single();
    }

    StoredEvent bySeq(long seq) {
        return jdbc.sql("SELECT * FROM gf_event WHERE seq = ?").param(seq).query(ROW).single();
    }

    /** Events after {@code afterSeq}, oldest first; {@code accountId} null: every account's; {@code types} empty: all. */
    List<StoredEvent> after(long afterSeq, String accountId, Set<String> types, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM gf_event WHERE seq > ?");
        List<Object> args = new ArrayList<>(List.of(afterSeq));
        if (accountId != null) {
            sql.append(" AND account_id = ?");
            args.add(accountId);
        }
        if (!types.isEmpty()) {
            sql.append(" AND type IN (").append(String.join(", ", types.stream().map(t -> "?").toList())).append(")");
            args.addAll(types);
        }
        sql.append(" ORDER BY seq FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.sql(sql.toString()).params(args).query(ROW).list();
    }
}
