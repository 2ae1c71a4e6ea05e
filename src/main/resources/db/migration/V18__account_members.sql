-- Customer people: a person (a Camunda user) belongs to at most one account. What they may do there is their group
-- (customer-admin, customer-viewer); this table says whose. A customer's API token names its account on its own row.
CREATE TABLE gf_account_member (
    user_id     VARCHAR(255) PRIMARY KEY,
    -- no foreign key: the provider's account claim may name an account Grantflow does not have yet; its member is then
    -- bound to an account with nothing in it, and sees nothing
    account_id  VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gf_account_member_account ON gf_account_member (account_id);

ALTER TABLE gf_api_token ADD COLUMN account_id VARCHAR(64) REFERENCES gf_account (id);
CREATE INDEX gf_api_token_account ON gf_api_token (account_id);
