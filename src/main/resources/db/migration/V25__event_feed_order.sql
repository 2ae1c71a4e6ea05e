-- The feed's order is the order events became visible, not the order they were inserted: seq is taken at insert, so a
-- step that commits after a later one would land behind a cursor a reader already passed. feed_seq is given to
-- committed events only, by one sequencer at a time (the lock on gf_event_sequencer's row), in the feed's read.
ALTER TABLE gf_event ADD COLUMN feed_seq BIGINT;
UPDATE gf_event SET feed_seq = seq;
CREATE UNIQUE INDEX gf_event_feed_seq ON gf_event (feed_seq);
CREATE INDEX gf_event_account_feed ON gf_event (account_id, feed_seq);
-- the events still without a place in the feed, oldest first
CREATE INDEX gf_event_unsequenced ON gf_event (feed_seq, seq);
-- retention: events past it go, oldest first
CREATE INDEX gf_event_occurred ON gf_event (occurred_at, seq);

CREATE TABLE gf_event_sequencer (
    id             INT    PRIMARY KEY,
    last_feed_seq  BIGINT NOT NULL
);
INSERT INTO gf_event_sequencer (id, last_feed_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM gf_event;

-- Why an endpoint stopped: its owner's own disable, or every attempt of a delivery failing.
ALTER TABLE gf_webhook_endpoint ADD COLUMN disabled_reason VARCHAR(500);

-- Room for a signing secret sealed with the encryption key (a cluster's database holds no secret in the clear).
ALTER TABLE gf_webhook_endpoint ALTER COLUMN secret SET DATA TYPE VARCHAR(200);
ALTER TABLE gf_webhook_endpoint ALTER COLUMN previous_secret SET DATA TYPE VARCHAR(200);
