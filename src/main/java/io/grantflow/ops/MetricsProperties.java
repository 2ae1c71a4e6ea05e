package io.grantflow.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code grantflow.metrics.*}. */
@ConfigurationProperties("grantflow.metrics")
record MetricsProperties(
        /** How often the gauges read from the database are refreshed (every node reads the same database). */
        @DefaultValue("PT30S") Duration refreshInterval,
        /**
         * How often the flows waiting are counted: a count of every running instance, which grows with the flows
         * waiting (days for a person, the life of a credit assignment), so it is read less often than the rest.
         */
        @DefaultValue("PT5M") Duration flowsWaitingInterval,
        /** At most this many licenses and this many subscriptions get their own series (by id), so a scrape stays small. */
        @DefaultValue("1000") int maxPools) {
}
