-- Remote activations: installations (their keys live in gf_edge_key), activations and their updates.

CREATE TABLE gf_installation (
    id          VARCHAR(64) PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL REFERENCES gf_account (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One grant of seats from a license to an installation. Its seats are held in the license's pool under
-- holder id = activation id; the ledger is the source of the balances, `seats` is what the installation runs with.
CREATE TABLE gf_remote_activation (
    id                      VARCHAR(64)  PRIMARY KEY,
    license_id              VARCHAR(64)  NOT NULL REFERENCES gf_license (id),
    installation_id         VARCHAR(64)  NOT NULL REFERENCES gf_installation (id),
    state                   VARCHAR(16)  NOT NULL,
    seats                   BIGINT       NOT NULL CHECK (seats >= 0),
    expires_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    expiry_warning_at       TIMESTAMP WITH TIME ZONE,
    -- at most one update at a time: set in the transaction that accepts the update token
    pending_update_id       VARCHAR(64),
    current_connection_jti  VARCHAR(100),
    applied_connection_jti  VARCHAR(100),
    process_instance_id     VARCHAR(64),
    version                 BIGINT       NOT NULL DEFAULT 0,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gf_remote_activation_installation ON gf_remote_activation (installation_id, state);
CREATE UNIQUE INDEX gf_remote_activation_pending_update ON gf_remote_activation (pending_update_id);

-- One update of an activation, started by an installation's update token.
CREATE TABLE gf_activation_update (
    id                     VARCHAR(64)  PRIMARY KEY,
    activation_id          VARCHAR(64)  NOT NULL REFERENCES gf_remote_activation (id),
    update_jti             VARCHAR(100) NOT NULL UNIQUE,
    update_token_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status                 VARCHAR(32)  NOT NULL,
    current_seats          BIGINT       NOT NULL,
    current_expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_seats        BIGINT,
    requested_expires_at   TIMESTAMP WITH TIME ZONE,
    configured_by          VARCHAR(100),
    approved_by            VARCHAR(100),
    message                VARCHAR(500),
    connection_jti         VARCHAR(100),
    pending_transfer_id    VARCHAR(200),
    process_instance_id    VARCHAR(64),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gf_activation_update_activation ON gf_activation_update (activation_id);
CREATE INDEX gf_activation_update_connection ON gf_activation_update (connection_jti);
