package io.grantflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.protocol.GrantflowException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries, on every node: each is claimed first (one node sends it), sent outside any
 * transaction with the Standard Webhooks headers, and recorded as delivered (2xx) or failed, to be tried again on the
 * schedule. Redirects are not followed; the target is checked again before each attempt.
 */
@Component
class WebhookWorker {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    private static final int BATCH = 50;

    private final WebhookDeliveryStore deliveries;
    private final WebhookEndpointStore endpoints;
    private final WebhookEndpoints endpointService;
    private final EventStore events;
    private final WebhookTargets targets;
    private final WebhookProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;

    WebhookWorker(WebhookDeliveryStore deliveries, WebhookEndpointStore endpoints, WebhookEndpoints endpointService, EventStore events,
            WebhookTargets targets, WebhookProperties properties, ObjectMapper json, Clock clock) {
        this.endpointService = endpointService;
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.targets = targets;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.requestTimeout()).build();
    }

    @Scheduled(initialDelayString = "${grantflow.webhooks.poll-interval:PT1S}", fixedDelayString = "${grantflow.webhooks.poll-interval:PT1S}")
    void poll() {
        if (properties.workerEnabled()) {
            deliverDue();
        }
    }

    /** Sends what is due until nothing is; how many attempts this node made. */
    int deliverDue() {
        int attempts = 0;
        for (int round = 0; round < 100; round++) {
            List<WebhookDelivery> due = deliveries.due(BATCH);
            int sent = 0;
            for (WebhookDelivery d : due) {
                if (deliveries.claim(d.id(), properties.requestTimeout().multipliedBy(2).plusSeconds(10))) {
                    attempt(d);
                    sent++;
                }
            }
            attempts += sent;
            if (sent == 0) {
                return attempts;
            }
        }
        return attempts;
    }

    private void attempt(WebhookDelivery d) {
        Optional<WebhookEndpoint> endpoint = endpoints.byId(d.endpointId());
        if (endpoint.isEmpty() || !endpoint.get().enabled()) {
            deliveries.failed(d.id(), null, "the endpoint is disabled", null);
            return;
        }
        try {
            URI target = targets.check(endpoint.get().url());
            StoredEvent event = events.bySeq(d.eventSeq());
            String body = body(event);
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(properties.requestTimeout())
                    .header("content-type", "application/json")
                    .header("webhook-id", event.id())
                    .header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", String.join(" ", endpoint.get().signingSecrets(clock.instant()).stream()
                            .map(secret -> WebhookSignature.sign(secret, event.id(), timestamp, body)).toList()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                deliveries.delivered(d.id(), response.statusCode());
            } else {
                failed(d, response.statusCode(), "the receiver answered " + response.statusCode());
            }
        } catch (GrantflowException refused) {
            failed(d, null, refused.getMessage());
        } catch (IOException e) {
            failed(d, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(d, null, "interrupted");
        }
    }

    private void failed(WebhookDelivery d, Integer responseCode, String error) {
        int done = d.attempts() + 1;
        List<Duration> schedule = properties.retrySchedule();
        Instant next = done < schedule.size() ? clock.instant().plus(schedule.get(done)) : null;
        log.info("Webhook delivery {} of event {} failed (attempt {}): {}", d.id(), d.eventId(), done, error);
        deliveries.failed(d.id(), responseCode, error, next);
        if (next == null) {
            // every attempt of the schedule failed: stop sending there until its owner looks (the reason is on it)
            endpointService.disableAfterFailures(d.endpointId(), d.id(), d.eventId(), done, error);
            log.warn("Webhook endpoint {} disabled: delivery {} of event {} failed {} times, last: {}", d.endpointId(), d.id(),
                    d.eventId(), done, error);
        }
    }

    private String body(StoredEvent event) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type());
        body.put("timestamp", event.occurredAt().toString());
        body.put("data", json.readTree(event.data()));
        return json.writeValueAsString(body);
    }
}
