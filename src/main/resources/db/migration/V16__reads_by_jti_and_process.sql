-- Reads that scanned whole tables, each one slower as the tables grow (found by the bench's table-scan check):
-- an issued token's text by jti alone (the credit file a download hands out, the connection token a call-in collects);
-- the assignment a credit flow belongs to, checked as each flow ends with "credits returned";
-- the update whose "Confirm seat reduction" task four-eyes checks; the metrics' pools of one unit; the revoke keys
-- overdue (assignments in one state, oldest change first).
CREATE INDEX gf_token_record_jti ON gf_token_record (jti);
CREATE INDEX gf_credit_assignment_process ON gf_credit_assignment (process_instance_id);
CREATE INDEX gf_credit_assignment_revoke_process ON gf_credit_assignment (revoke_process_instance_id);
CREATE INDEX gf_activation_update_process ON gf_activation_update (process_instance_id);
CREATE INDEX gf_pool_unit ON gf_pool (unit, id);
CREATE INDEX gf_credit_assignment_state_updated ON gf_credit_assignment (state, updated_at);
