package io.grantflow.events;

import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.context.ApplicationEventPublisher;
import io.grantflow.shared.IntegrationEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Webhook endpoints: a customer admin's take its own account's events; the vendor's admin's every account's, or one's.
 * The secret is answered when the endpoint is made and when it is rotated, never otherwise.
 */
@Service
class WebhookEndpoints {

    /** Told to the endpoint's account (its feed and its other endpoints) when every attempt of a delivery failed. */
    static final String DISABLED = "webhook-endpoint.disabled";

    record EndpointView(String id, @Nullable String accountId, String url, List<String> events, boolean enabled,
            @Nullable String disabledReason, String createdBy, Instant createdAt, @Nullable String secret) {

        static EndpointView of(WebhookEndpoint e, String secret) {
            return new EndpointView(e.id(), e.accountId(), e.url(), e.events(), e.enabled(), e.disabledReason(), e.createdBy(),
                    e.createdAt(), secret);
        }
    }

    private final WebhookEndpointStore store;
    private final WebhookDeliveryStore deliveries;
    private final WebhookTargets targets;
    private final CallerAccount caller;
    private final WebhookProperties properties;
    private final java.time.Clock clock;
    private final ApplicationEventPublisher publisher;

    WebhookEndpoints(WebhookEndpointStore store, WebhookDeliveryStore deliveries, WebhookTargets targets, CallerAccount caller,
            WebhookProperties properties, java.time.Clock clock, ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.store = store;
        this.deliveries = deliveries;
        this.targets = targets;
        this.caller = caller;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    EndpointView create(String url, List<String> events, String accountId, String actor) {
        String account = caller.boundAccount().orElse(accountId);
        if (accountId != null && !caller.maySee(accountId)) {
            throw GrantflowException.notFound("Account", accountId);
        }
        if (url == null || url.length() > 2000) {
            throw Refusal.INVALID_REQUEST.exception("url is required, at most 2000 characters");
        }
        targets.check(url);
        List<String> types = new ArrayList<>();
        for (String type : events == null ? List.<String>of() : events) {
            if (!EventFeed.isEventType(type)) {
                throw Refusal.INVALID_REQUEST.exception("Not an event type: " + type);
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        String id = "whe_" + UUID.randomUUID().toString().replace("-", "");
        String secret = WebhookSignature.newSecret();
        store.insert(id, account, url, types, secret, actor);
        return EndpointView.of(store.find(id).orElseThrow(), secret);
    }

    @Transactional(readOnly = true)
    List<EndpointView> list() {
        return store.visible().stream().map(e -> EndpointView.of(e, null)).toList();
    }

    @Transactional(readOnly = true)
    EndpointView get(String id) {
        return EndpointView.of(visible(id), null);
    }

    @Transactional
    EndpointView disable(String id, String actor) {
        store.disable(visible(id).id(), "disabled by " + actor);
        return get(id);
    }

    /** Sends there again, from the next event on; {@link #redeliverSince} sends what it missed. */
    @Transactional
    EndpointView enable(String id) {
        store.enable(visible(id).id());
        return get(id);
    }

    /**
     * The worker's: every attempt of a delivery failed. The endpoint stops, and its account hears it (the feed, its
     * other endpoints) in the same transaction.
     */
    @Transactional
    void disableAfterFailures(String endpointId, String deliveryId, String eventId, int attempts, String lastError) {
        WebhookEndpoint endpoint = store.byId(endpointId).orElse(null);
        String reason = "every attempt (" + attempts + ") of delivery " + deliveryId + " of event " + eventId + " failed; the last: "
                + lastError;
        if (endpoint != null && store.disable(endpointId, reason)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("endpointId", endpointId);
            data.put("url", endpoint.url());
            data.put("deliveryId", deliveryId);
            data.put("eventId", eventId);
            data.put("reason", reason);
            publisher.publishEvent(new IntegrationEvent(DISABLED, endpoint.accountId(), data));
        }
    }

    @Transactional
    EndpointView rotateSecret(String id) {
        String secret = WebhookSignature.newSecret();
        store.rotateSecret(visible(id).id(), secret, clock.instant().plus(properties.secretOverlap()));
        return EndpointView.of(visible(id), secret);
    }

    @Transactional
    void delete(String id) {
        store.delete(visible(id).id());
    }

    @Transactional(readOnly = true)
    List<WebhookDelivery> deliveries(String id, int limit) {
        return deliveries.ofEndpoint(visible(id).id(), limit);
    }

    /** Sends again every event since {@code since} the endpoint takes; how many deliveries. */
    @Transactional
    int redeliverSince(String id, Instant since) {
        if (since.isAfter(clock.instant())) {
            throw Refusal.INVALID_REQUEST.exception("since is in the future: " + since);
        }
        return deliveries.redeliverSince(visible(id), since);
    }

    @Transactional
    void redeliver(String id, String deliveryId) {
        if (!deliveries.redeliver(visible(id).id(), deliveryId)) {
            throw GrantflowException.notFound("Delivery", deliveryId);
        }
    }

    private WebhookEndpoint visible(String id) {
        return store.find(id).orElseThrow(() -> GrantflowException.notFound("Webhook endpoint", id));
    }
}
