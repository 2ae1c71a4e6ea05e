package io.grantflow.events;

import java.time.Instant;
import java.util.List;

/**
 * A row of gf_webhook_endpoint; {@code accountId} null: every account's events; {@code events} empty: every type;
 * {@code disabledReason}: why it was disabled (null while enabled).
 */
record WebhookEndpoint(String id, String accountId, String url, List<String> events, String secret, boolean enabled,
        String createdBy, Instant createdAt, String previousSecret, Instant previousUntil, String disabledReason) {

    /** The secrets a delivery at {@code now} is signed with: the current one, and the one before while it overlaps. */
    List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousUntil != null && now.isBefore(previousUntil) ? List.of(secret, previousSecret)
                : List.of(secret);
    }

    boolean wants(String type, String eventAccountId) {
        return enabled && (accountId == null || accountId.equals(eventAccountId)) && (events.isEmpty() || events.contains(type));
    }
}
