-- An account's activations and assignments page by their own (account_id, created_at, id) index. Read across the
-- license's or subscription's account instead, a page has no index in its order, and a planner reads the whole table
-- and sorts it whenever that looks cheaper. The account never changes: it is the license's and the subscription's.
ALTER TABLE gf_remote_activation ADD COLUMN account_id VARCHAR(64);
UPDATE gf_remote_activation SET account_id = (SELECT l.account_id FROM gf_license l WHERE l.id = gf_remote_activation.license_id);
ALTER TABLE gf_remote_activation ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE gf_remote_activation ADD CONSTRAINT gf_remote_activation_account FOREIGN KEY (account_id) REFERENCES gf_account (id);
CREATE INDEX gf_remote_activation_account_created ON gf_remote_activation (account_id, created_at, id);

ALTER TABLE gf_credit_assignment ADD COLUMN account_id VARCHAR(64);
UPDATE gf_credit_assignment SET account_id = (SELECT s.account_id FROM gf_subscription s WHERE s.id = gf_credit_assignment.subscription_id);
ALTER TABLE gf_credit_assignment ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE gf_credit_assignment ADD CONSTRAINT gf_credit_assignment_account FOREIGN KEY (account_id) REFERENCES gf_account (id);
CREATE INDEX gf_credit_assignment_account_created ON gf_credit_assignment (account_id, created_at, id);
