package io.grantflow.shared;

import java.util.Map;

/**
 * A state change an integrator hears of (the event feed, webhooks): a stable {@code type} such as
 * {@code credits.downloaded}, the account it belongs to (null: none), and what it names — object ids, amounts, never a
 * secret or a token's text. Published inside the step's transaction; the events module stores it in that transaction.
 */
public record IntegrationEvent(String type, String accountId, Map<String, Object> data) {
}
