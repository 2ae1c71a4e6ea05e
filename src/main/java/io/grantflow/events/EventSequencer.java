package io.grantflow.events;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives committed events their place in the feed, in the order they became visible. An event's insert order is not
 * enough: a step that began first may commit last, behind a cursor a reader already passed. One sequencer runs at a
 * time on any node (the sequencer row's lock), and it only sees committed events, so every place it gives is after
 * every place given before: a reader's cursor never skips an event.
 */
@Service
class EventSequencer {

    static final int BATCH = 1_000;

    private final EventStore store;

    EventSequencer(EventStore store) {
        this.store = store;
    }

    /** Places the committed events that have no place yet (at most a batch); how many. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    int placeCommitted() {
        long last = store.lockSequencer();
        List<Long> unplaced = store.unplaced(BATCH);
        for (long seq : unplaced) {
            store.place(seq, ++last);
        }
        if (!unplaced.isEmpty()) {
            store.placedUpTo(last);
        }
        return unplaced.size();
    }
}
