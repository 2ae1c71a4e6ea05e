package io.grantflow.events;

import java.time.Instant;
import java.util.List;

/** A row of gf_webhook_endpoint; {@code accountId} null: every account's events; {@code events} empty: every type. */
record WebhookEndpoint(String id, String accountId, String url, List<String> events, String secret, boolean enabled,
        String createdBy, Instant createdAt) {

    boolean wants(String type, String eventAccountId) {
        return enabled && (accountId == null || accountId.equals(eventAccountId)) && (events.isEmpty() || events.contains(type));
    }
}
