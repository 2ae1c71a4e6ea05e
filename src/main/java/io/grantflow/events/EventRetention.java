package io.grantflow.events;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes events older than {@code grantflow.events.retention} with their finished deliveries, a batch per
 * transaction, on every node (deleting twice is harmless). An event whose delivery is still due stays until it is
 * delivered or given up.
 */
@Service
class EventRetention {

    private static final int BATCH = 500;

    private final EventStore events;
    private final WebhookDeliveryStore deliveries;
    private final EventProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EventRetention(EventStore events, WebhookDeliveryStore deliveries, EventProperties properties, TransactionTemplate transaction,
            Clock clock) {
        this.events = events;
        this.deliveries = deliveries;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${grantflow.events.purge-interval:PT1H}", fixedDelayString = "${grantflow.events.purge-interval:PT1H}")
    void purge() {
        purgeOccurredBefore(clock.instant().minus(properties.retention()));
    }

    /** Removes the events that occurred before {@code cutoff}, with their finished deliveries; how many events. */
    int purgeOccurredBefore(Instant cutoff) {
        int removed = 0;
        while (true) {
            Integer batch = transaction.execute(tx -> {
                List<Long> old = events.occurredBefore(cutoff, BATCH);
                deliveries.deleteFinishedOf(old);
                return events.deleteUndelivering(old);
            });
            removed += batch;
            if (batch == 0) {
                return removed;
            }
        }
    }
}
