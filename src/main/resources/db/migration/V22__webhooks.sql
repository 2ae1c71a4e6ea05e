-- Webhook endpoints: where an account's events (or, for the vendor's, every account's: account_id NULL) are sent.
-- The secret signs the deliveries; it is shown once, when made or rotated, and never answered again.
CREATE TABLE gf_webhook_endpoint (
    id          VARCHAR(40)   PRIMARY KEY,
    account_id  VARCHAR(64),
    url         VARCHAR(2000) NOT NULL,
    -- comma-separated event types; NULL: every type
    events      VARCHAR(2000),
    secret      VARCHAR(100)  NOT NULL,
    -- the secret before the last rotation: deliveries carry its signature too until previous_until, so a receiver
    -- can switch to the new one without refusing deliveries meanwhile
    previous_secret VARCHAR(100),
    previous_until  TIMESTAMP WITH TIME ZONE,
    enabled     BOOLEAN       NOT NULL,
    created_by  VARCHAR(255)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gf_webhook_endpoint_account ON gf_webhook_endpoint (account_id);

-- One event to one endpoint: written in the event's transaction, claimed by one node at a time (status SENDING with a
-- claim that runs out, so a node that died mid-send leaves it to another), retried on the configured schedule.
CREATE TABLE gf_webhook_delivery (
    id               VARCHAR(40)  PRIMARY KEY,
    endpoint_id      VARCHAR(40)  NOT NULL REFERENCES gf_webhook_endpoint (id) ON DELETE CASCADE,
    event_seq        BIGINT       NOT NULL REFERENCES gf_event (seq),
    status           VARCHAR(20)  NOT NULL,
    attempts         INT          NOT NULL,
    response_code    INT,
    last_error       VARCHAR(500),
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until    TIMESTAMP WITH TIME ZONE,
    delivered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX gf_webhook_delivery_due ON gf_webhook_delivery (status, next_attempt_at);
CREATE INDEX gf_webhook_delivery_endpoint ON gf_webhook_delivery (endpoint_id, event_seq);
