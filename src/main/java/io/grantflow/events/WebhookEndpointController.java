package io.grantflow.events;

import io.grantflow.shared.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/webhook-endpoints}: make, list, disable, enable, delete an endpoint, rotate its secret, read its
 * deliveries, send one or everything since a time again.
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
class WebhookEndpointController {

    record CreateEndpoint(@NotBlank @Size(max = 2000) @PlainText String url, @Nullable List<String> events,
            @Nullable @Size(max = 64) @PlainText String accountId) {
    }

    record DeliveryView(String id, String eventId, String type, WebhookDelivery.Status status, int attempts,
            @Nullable Integer responseCode, @Nullable String lastError, @Nullable java.time.Instant nextAttemptAt,
            @Nullable java.time.Instant deliveredAt) {
    }

    private final WebhookEndpoints endpoints;

    WebhookEndpointController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping
    ResponseEntity<WebhookEndpoints.EndpointView> create(@Valid @RequestBody CreateEndpoint body, Principal principal) {
        WebhookEndpoints.EndpointView made = endpoints.create(body.url(), body.events(), body.accountId(), principal.getName());
        return ResponseEntity.created(URI.create("/api/v1/webhook-endpoints/" + made.id())).body(made);
    }

    @GetMapping
    List<WebhookEndpoints.EndpointView> list() {
        return endpoints.list();
    }

    @GetMapping("/{id}")
    WebhookEndpoints.EndpointView get(@PathVariable String id) {
        return endpoints.get(id);
    }

    /** Everything since a time, sent again. */
    record RedeliverSince(@NotNull Instant since) {
    }

    record Redelivered(int deliveries) {
    }

    @PostMapping("/{id}/disable")
    WebhookEndpoints.EndpointView disable(@PathVariable String id, Principal principal) {
        return endpoints.disable(id, principal.getName());
    }

    @PostMapping("/{id}/enable")
    WebhookEndpoints.EndpointView enable(@PathVariable String id) {
        return endpoints.enable(id);
    }

    @PostMapping("/{id}/redeliver")
    ResponseEntity<Redelivered> redeliverSince(@PathVariable String id, @Valid @RequestBody RedeliverSince body) {
        return ResponseEntity.accepted().body(new Redelivered(endpoints.redeliverSince(id, body.since())));
    }

    @PostMapping("/{id}/rotate-secret")
    WebhookEndpoints.EndpointView rotateSecret(@PathVariable String id) {
        return endpoints.rotateSecret(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        endpoints.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    List<DeliveryView> deliveries(@PathVariable String id) {
        return endpoints.deliveries(id, 200).stream().map(d -> new DeliveryView(d.id(), d.eventId(), d.type(), d.status(),
                d.attempts(), d.responseCode(), d.lastError(), d.nextAttemptAt(), d.deliveredAt())).toList();
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    ResponseEntity<Void> redeliver(@PathVariable String id, @PathVariable String deliveryId) {
        endpoints.redeliver(id, deliveryId);
        return ResponseEntity.accepted().build();
    }
}
