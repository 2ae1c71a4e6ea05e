-- Credentials for machines (a customer portal, an integrator's scripts): Grantflow-issued API tokens, each for one
-- client and one group, with an expiry, revocable at once. Only a SHA-256 of the token's secret is kept: the token
-- is shown once, when it is issued. Rows stay after revocation or expiry, so auditors can tell whose client acted.
CREATE TABLE gf_api_token (
    id           VARCHAR(32)  PRIMARY KEY,
    client_id    VARCHAR(64)  NOT NULL,
    group_id     VARCHAR(64)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(128) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(128)
);
CREATE INDEX gf_api_token_client ON gf_api_token (client_id);
