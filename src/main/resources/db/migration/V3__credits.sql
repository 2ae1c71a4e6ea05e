-- Credits: HOME systems and the credit assignments handed to them. A system's public key lives in
-- gf_edge_key (kind SYSTEM); balances live only in the ledger (pool = subscription, holder = assignment).

CREATE TABLE gf_system (
    id            VARCHAR(64)  PRIMARY KEY,
    account_id    VARCHAR(64)  NOT NULL REFERENCES gf_account (id),
    label         VARCHAR(200) NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gf_system_account ON gf_system (account_id);

-- state: ASSIGNED -> DOWNLOADED -> REVOKING -> REVOKED / EXPIRED. expires_at is when the credits return by
-- themselves: auto_revoke_at for a temporary assignment, else the subscription's end.
CREATE TABLE gf_credit_assignment (
    id                          VARCHAR(64)  PRIMARY KEY,
    system_id                   VARCHAR(64)  NOT NULL REFERENCES gf_system (id),
    subscription_id             VARCHAR(64)  NOT NULL REFERENCES gf_subscription (id),
    credits                     BIGINT       NOT NULL CHECK (credits > 0),
    state                       VARCHAR(16)  NOT NULL,
    downloaded                  BOOLEAN      NOT NULL,
    auto_revoke_at              TIMESTAMP WITH TIME ZONE,
    expires_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    file_jti                    VARCHAR(100),
    delivered_at                TIMESTAMP WITH TIME ZONE,
    warning                     VARCHAR(200),
    process_instance_id         VARCHAR(64),
    revoke_process_instance_id  VARCHAR(64),
    revoke_proof                VARCHAR(200),
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gf_credit_assignment_system ON gf_credit_assignment (system_id, state);
CREATE INDEX gf_credit_assignment_subscription ON gf_credit_assignment (subscription_id);
