package io.grantflow.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code grantflow.metrics.*}. */
@ConfigurationProperties("grantflow.metrics")
record MetricsProperties(
        /** How often the gauges read from the database are refreshed (every node reads the same database). */
        @DefaultValue("PT30S") Duration refreshInterval,
        /** At most this many licenses and this many subscriptions get their own series (by id), so a scrape stays small. */
        @DefaultValue("1000") int maxPools) {
}
