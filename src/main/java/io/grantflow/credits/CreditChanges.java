package io.grantflow.credits;

import io.grantflow.shared.IntegrationEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells integrators of a credit assignment's or a system's change ({@code credits.*}, {@code system.linked}), in the
 * transaction that made it. The repositories call it where they write the state, so no path changes one unheard.
 */
@Component
class CreditChanges {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    CreditChanges(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    void assignment(String type, String assignmentId, Map<String, Object> more) {
        Map<String, Object> row = jdbc.sql("SELECT system_id, subscription_id, credits, state, account_id FROM gf_credit_assignment"
                        + " WHERE id = ?")
                .param(assignmentId).query().singleRow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("assignmentId", assignmentId);
        data.put("systemId", row.get("system_id"));
        data.put("subscriptionId", row.get("subscription_id"));
        data.put("credits", ((Number) row.get("credits")).longValue());
        data.put("state", row.get("state"));
        data.putAll(more);
        events.publishEvent(new IntegrationEvent("credits." + type, (String) row.get("account_id"), data));
    }

    void systemLinked(HomeSystem system) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("systemId", system.id());
        data.put("label", system.label());
        events.publishEvent(new IntegrationEvent("system.linked", system.accountId(), data));
    }
}
