package io.grantflow.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code grantflow.events.*}: how long events (and their finished deliveries) are kept, at least the 30 days the feed
 * promises; how often what is past it is removed.
 */
@ConfigurationProperties("grantflow.events")
record EventProperties(Duration retention, Duration purgeInterval) {

    static final Duration MINIMUM_RETENTION = Duration.ofDays(30);

    EventProperties {
        retention = retention == null ? MINIMUM_RETENTION : retention;
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("grantflow.events.retention is " + retention + ": events are kept at least 30 days"
                    + " (P30D), the feed's promise to its readers");
        }
        purgeInterval = purgeInterval == null ? Duration.ofHours(1) : purgeInterval;
    }
}
