package io.grantflow.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code grantflow.webhooks.*}: private targets (loopback, private networks, and plain http with them) for tests and
 * on-premise receivers; the waits before each attempt of a delivery; how often the worker looks for due deliveries;
 * how long a rotated-out secret still signs beside the new one.
 */
@ConfigurationProperties("grantflow.webhooks")
record WebhookProperties(Boolean allowPrivateTargets, List<Duration> retrySchedule, Duration pollInterval,
        Duration requestTimeout, Boolean workerEnabled, Duration secretOverlap) {

    static final List<Duration> STANDARD_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    WebhookProperties {
        allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
        retrySchedule = retrySchedule == null || retrySchedule.isEmpty() ? STANDARD_SCHEDULE : List.copyOf(retrySchedule);
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        workerEnabled = workerEnabled == null || workerEnabled;
        secretOverlap = secretOverlap == null ? Duration.ofHours(24) : secretOverlap;
    }
}
