-- What was done to the flows through the engine's own doors (/engine-rest, the webapps' engine API), by anyone,
-- admin included: one row per process instance the operation changed, written in the operation's transaction.
-- The engine's user operation log misses some (message correlation, job execution) and is cleaned with history.
CREATE TABLE gf_engine_operation (
    id                      VARCHAR(36)   PRIMARY KEY,
    at                      TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id                 VARCHAR(128),
    door                    VARCHAR(16)   NOT NULL,
    method                  VARCHAR(8)    NOT NULL,
    path                    VARCHAR(1000) NOT NULL,
    operation               VARCHAR(100)  NOT NULL,
    process_instance_id     VARCHAR(64),
    -- set when the operation named a process definition (suspension of a definition or of its jobs)
    process_definition_key  VARCHAR(255)
);
CREATE INDEX gf_engine_operation_pi ON gf_engine_operation (process_instance_id);
CREATE INDEX gf_engine_operation_key ON gf_engine_operation (process_definition_key, at);
