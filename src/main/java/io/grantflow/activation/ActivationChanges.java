package io.grantflow.activation;

import io.grantflow.shared.IntegrationEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells integrators of an activation's or an update's state change ({@code activation.*}, {@code update.*}), in the
 * transaction that made it. The repositories call it where they write the state, so no path changes one unheard.
 */
@Component
class ActivationChanges {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ActivationChanges(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    void activation(String type, String activationId, Map<String, Object> more) {
        Map<String, Object> row = jdbc.sql("SELECT license_id, installation_id, seats, state, account_id FROM gf_remote_activation"
                        + " WHERE id = ?")
                .param(activationId).query().singleRow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activationId", activationId);
        data.put("licenseId", row.get("license_id"));
        data.put("installationId", row.get("installation_id"));
        data.put("seats", ((Number) row.get("seats")).longValue());
        data.putAll(more);
        events.publishEvent(new IntegrationEvent("activation." + type, (String) row.get("account_id"), data));
    }

    void update(String type, String updateId, Map<String, Object> more) {
        Map<String, Object> row = jdbc.sql("SELECT u.activation_id, u.status, u.current_seats, u.requested_seats, a.license_id,"
                        + " a.account_id FROM gf_activation_update u JOIN gf_remote_activation a ON a.id = u.activation_id WHERE u.id = ?")
                .param(updateId).query().singleRow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("updateId", updateId);
        data.put("activationId", row.get("activation_id"));
        data.put("licenseId", row.get("license_id"));
        data.put("status", row.get("status"));
        data.put("currentSeats", number(row.get("current_seats")));
        data.put("requestedSeats", number(row.get("requested_seats")));
        data.putAll(more);
        events.publishEvent(new IntegrationEvent("update." + type, (String) row.get("account_id"), data));
    }

    /** An update's status as an event type: AWAITING_SEAT_CONFIGURATION is {@code awaiting-seat-configuration}. */
    static String typeOf(Enum<?> state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
