package io.grantflow.shared;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code grantflow.limits.*}: what one client may send. The defaults are far above what an edge, a portal or an
 * operator sends (a call-in is a few KiB, a few times a minute) and far below what exhausts a node.
 */
@ConfigurationProperties("grantflow.limits")
public record LimitsProperties(
        /** Largest request body on the capped paths; above it: {@code 413 payload-too-large}. */
        @DefaultValue("65536") long maxBodyBytes,
        /** Paths whose bodies are capped (Spring path patterns). */
        @DefaultValue({"/api/**", "/m/**", "/.well-known/**"}) List<String> cappedPaths,
        @DefaultValue RateLimit rateLimit,
        /**
         * Largest request body on the engine's own paths ({@code /engine-rest}, the webapps' {@code /camunda/api/}):
         * larger than on {@code /api}, so an administrator can still deploy BPMN and forms; above it: 413.
         */
        @DefaultValue("1048576") long engineMaxBodyBytes,
        @DefaultValue({"/engine-rest/**", "/camunda/api/**"}) List<String> engineCappedPaths) {

    /**
     * A token bucket per client IP on the public and edge endpoints: {@code burst} requests at once, refilled at
     * {@code requestsPerSecond}; beyond it: {@code 429 rate-limited} with {@code Retry-After}.
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") double requestsPerSecond,
            @DefaultValue("400") int burst,
            @DefaultValue({"/.well-known/**", "/m/**", "/api/v1/edge/**", "/api/v1/remote-activations/*/receipts"})
            List<String> paths,
            /**
             * Take the client from the first {@code X-Forwarded-For} address: only behind a load balancer that sets
             * it (and strips what clients send), else any client could pick its own bucket.
             */
            @DefaultValue("false") boolean trustForwardedFor,
            /**
             * Buckets kept at most; a bucket idle until full again is dropped, and beyond this many the least used go:
             * a flood from many addresses never resets the other clients' limits.
             */
            @DefaultValue("10000") int maxClients,
            @DefaultValue("PT1S") Duration minRetryAfter) {
    }
}
