package io.grantflow.events;

import java.time.Instant;

/** A row of gf_webhook_delivery with its event's id and type. */
record WebhookDelivery(String id, String endpointId, long eventSeq, String eventId, String type, Status status, int attempts,
        Integer responseCode, String lastError, Instant nextAttemptAt, Instant deliveredAt) {

    enum Status {
        /** Waiting for its attempt (the first, or a retry). */
        PENDING,
        /** Claimed by one node, being sent. */
        SENDING,
        DELIVERED,
        /** Every attempt of the schedule failed. */
        FAILED
    }
}
