-- Spring Modulith's event publication registry: an event a step publishes is stored in the step's transaction and
-- marked complete only when its listener finished, so a notification survives a crash between commit and send.
-- Columns as spring-modulith-events-jdbc expects them; one portable script for H2 and PostgreSQL.
CREATE TABLE event_publication (
    id                UUID          NOT NULL PRIMARY KEY,
    listener_id       VARCHAR(512)  NOT NULL,
    event_type        VARCHAR(512)  NOT NULL,
    serialized_event  VARCHAR(4000) NOT NULL,
    publication_date  TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
