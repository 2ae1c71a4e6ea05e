-- What an engine door refused when an operator worked a user task (too many seats, a bad revoke key, four-eyes):
-- written in its own transaction, since the refused request changes nothing else, and shown in the auditors'
-- timeline of the task's process instance.
CREATE TABLE gf_task_refusal (
    id                      VARCHAR(36)   PRIMARY KEY,
    at                      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor                   VARCHAR(128)  NOT NULL,
    door                    VARCHAR(16)   NOT NULL,
    operation               VARCHAR(32)   NOT NULL,
    task_id                 VARCHAR(64)   NOT NULL,
    task_definition_key     VARCHAR(255),
    task_name               VARCHAR(1000),
    process_instance_id     VARCHAR(64),
    process_definition_key  VARCHAR(255),
    code                    VARCHAR(64)   NOT NULL,
    message                 VARCHAR(2000) NOT NULL
);
CREATE INDEX gf_task_refusal_pi ON gf_task_refusal (process_instance_id, at);
