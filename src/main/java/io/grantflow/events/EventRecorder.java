package io.grantflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.shared.IntegrationEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stores every {@link IntegrationEvent} as it is published. A plain synchronous listener, not the publication
 * registry's after-commit one: it runs in the publishing step's thread and transaction, so the event row commits or
 * rolls back with the step itself.
 */
@Component
class EventRecorder {

    /** Who acted when no one is signed in: a timer, the job executor, a call-in checked by its own token. */
    static final String SYSTEM_ACTOR = "grantflow";

    private final EventStore store;
    private final WebhookEndpointStore endpoints;
    private final WebhookDeliveryStore deliveries;
    private final ObjectMapper json;

    EventRecorder(EventStore store, WebhookEndpointStore endpoints, WebhookDeliveryStore deliveries, ObjectMapper json) {
        this.store = store;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.json = json;
    }

    @EventListener
    void record(IntegrationEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", event.accountId());
        data.putAll(event.data());
        data.put("actor", actor());
        long seq;
        try {
            seq = store.append("evt_" + UUID.randomUUID().toString().replace("-", ""), event.type(), event.accountId(),
                    json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.type() + " cannot be written as JSON", e);
        }
        // one delivery per endpoint that wants it, in the same transaction: a committed event is never left unsent
        endpoints.enabledFor(event.accountId()).stream().filter(e -> e.wants(event.type(), event.accountId()))
                .forEach(e -> deliveries.insert(e.id(), seq));
    }

    private static String actor() {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        return signedIn == null || !signedIn.isAuthenticated() || signedIn.getName() == null ? SYSTEM_ACTOR : signedIn.getName();
    }
}
