-- Domain guards: what a step needs to know from the database, not from the process variables or the path taken.

-- Save runs once per update: saved_at is set in Save's transaction, and a second Save is refused.
ALTER TABLE gf_activation_update ADD COLUMN saved_at TIMESTAMP WITH TIME ZONE;
-- The four-eyes decision itself (approved_by alone does not say yes or no).
ALTER TABLE gf_activation_update ADD COLUMN approved BOOLEAN;
-- Seats Save put in flight (pending on the ledger) for this update; the verifier reconciles them.
ALTER TABLE gf_activation_update ADD COLUMN in_flight_seats BIGINT;

-- The receipt that proved the newest connection token applied: the proof the in-flight seats and an add's
-- activation need, checked against the token registry.
ALTER TABLE gf_remote_activation ADD COLUMN applied_receipt_jti VARCHAR(100);
-- Who asked Grantflow to disconnect: the disconnect step frees seats only for a request recorded here, not for a
-- disconnect process started by other means.
ALTER TABLE gf_remote_activation ADD COLUMN disconnect_requested_by VARCHAR(100);

-- Rows from before: updates past Save are saved, their in-flight seats are their pending transfers', a recorded
-- approver of an update that went on approved it.
UPDATE gf_activation_update SET saved_at = updated_at WHERE connection_jti IS NOT NULL;
UPDATE gf_activation_update SET in_flight_seats = (SELECT p.amount FROM gf_pending_transfer p WHERE p.id = pending_transfer_id)
    WHERE pending_transfer_id IS NOT NULL;
UPDATE gf_activation_update SET approved = (status <> 'REJECTED') WHERE approved_by IS NOT NULL;
