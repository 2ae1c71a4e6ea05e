-- Collections (GET /api/v1/licenses, /subscriptions, /systems, /remote-activations, /credit-assignments, an activation's
-- updates) page in (created_at, id) order after a cursor, filtered by an account, a parent or a state: each filter has
-- an index that ends in the order, so a page reads its own rows and the next one, not the table.
CREATE INDEX gf_license_created ON gf_license (created_at, id);
CREATE INDEX gf_license_account_created ON gf_license (account_id, created_at, id);

CREATE INDEX gf_subscription_created ON gf_subscription (created_at, id);
CREATE INDEX gf_subscription_account_created ON gf_subscription (account_id, created_at, id);

CREATE INDEX gf_system_created ON gf_system (created_at, id);
CREATE INDEX gf_system_account_created ON gf_system (account_id, created_at, id);

CREATE INDEX gf_remote_activation_created ON gf_remote_activation (created_at, id);
CREATE INDEX gf_remote_activation_state_created ON gf_remote_activation (state, created_at, id);
-- a license's activations: (license_id, created_at) of V15 serves them, the id breaking ties among few rows

CREATE INDEX gf_activation_update_activation_created ON gf_activation_update (activation_id, created_at, id);

CREATE INDEX gf_credit_assignment_created ON gf_credit_assignment (created_at, id);
CREATE INDEX gf_credit_assignment_state_created ON gf_credit_assignment (state, created_at, id);
CREATE INDEX gf_credit_assignment_system_created ON gf_credit_assignment (system_id, created_at, id);
CREATE INDEX gf_credit_assignment_subscription_created ON gf_credit_assignment (subscription_id, created_at, id);
