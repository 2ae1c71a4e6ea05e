-- The worker's due deliveries are each endpoint's oldest unfinished one: its oldest PENDING and its oldest SENDING
-- delivery are each the first entry of a range of this index, however many deliveries wait or were delivered.
CREATE INDEX gf_webhook_delivery_unfinished ON gf_webhook_delivery (endpoint_id, status, event_seq);
