package io.grantflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.Refusal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** The event feed: the caller's account's events (the vendor's staff: every account's, or one), oldest first. */
@Service
class EventFeed {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** An event type's shape: {@code credits.downloaded}, {@code webhook-endpoint.disabled}. */
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z-]*(\\.[a-z-]+)+");

    /** Whether {@code type} is shaped as an event type (at most 60 characters, as gf_event.type holds). */
    static boolean isEventType(String type) {
        return type != null && type.length() <= 60 && TYPE.matcher(type).matches();
    }

    record FeedEvent(String id, String type, Instant occurredAt, JsonNode data) {
    }

    /** A page; {@code next} is the cursor to ask after (the same as asked when nothing new came). */
    record Page(List<FeedEvent> items, String next) {
    }

    private final EventStore store;
    private final EventSequencer sequencer;
    private final CallerAccount caller;
    private final ObjectMapper json;

    EventFeed(EventStore store, EventSequencer sequencer, CallerAccount caller, ObjectMapper json) {
        this.store = store;
        this.sequencer = sequencer;
        this.caller = caller;
        this.json = json;
    }

    /** Places what committed since the last read, then reads after the cursor: no transaction spans both. */
    Page page(String after, String types, Integer limit, String accountId) {
        long afterSeq = cursor(after);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Refusal.INVALID_REQUEST.exception("limit must be between 1 and " + MAX_LIMIT);
        }
        String account = caller.boundAccount().orElse(accountId);
        if (accountId != null && !caller.maySee(accountId)) {
            return new Page(List.of(), String.valueOf(afterSeq));
        }
        Set<String> wanted = types(types);
        // a full batch placed may have left more: a reader sees everything committed before it asked (a backlog larger
        // than this, after an upgrade, is placed over the next reads)
        int placed;
        int batches = 0;
        do {
            placed = sequencer.placeCommitted();
        } while (placed == EventSequencer.BATCH && ++batches < 20);
        List<StoredEvent> rows = store.after(afterSeq, account, wanted, size);
        long next = rows.isEmpty() ? afterSeq : rows.get(rows.size() - 1).feedSeq();
        return new Page(rows.stream().map(this::view).toList(), String.valueOf(next));
    }

    private static long cursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(after);
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw Refusal.INVALID_REQUEST.exception("after is not a cursor this feed gave: " + after);
        }
    }

    private static Set<String> types(String types) {
        Set<String> wanted = new LinkedHashSet<>();
        if (types == null || types.isBlank()) {
            return wanted;
        }
        for (String type : types.split(",")) {
            String t = type.trim();
            if (!isEventType(t)) {
                throw Refusal.INVALID_REQUEST.exception("Not an event type: " + t);
            }
            wanted.add(t);
        }
        return wanted;
    }

    private FeedEvent view(StoredEvent e) {
        try {
            return new FeedEvent(e.id(), e.type(), e.occurredAt(), json.readTree(e.data()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Event " + e.id() + " holds no JSON", ex);
        }
    }
}
