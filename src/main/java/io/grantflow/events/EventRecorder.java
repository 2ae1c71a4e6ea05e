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
    private final ObjectMapper json;

    EventRecorder(EventStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @EventListener
    void record(IntegrationEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", event.accountId());
        data.putAll(event.data());
        data.put("actor", actor());
        try {
            store.append("evt_" + UUID.randomUUID().toString().replace("-", ""), event.type(), event.accountId(),
                    json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.type() + " cannot be written as JSON", e);
        }
    }

    private static String actor() {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        return signedIn == null || !signedIn.isAuthenticated() || signedIn.getName() == null ? SYSTEM_ACTOR : signedIn.getName();
    }
}
