-- Notifications sent (or being sent): one row per thing a person was told about, so a check that finds the same
-- overdue revoke again, or several nodes of a cluster, tell it once.
CREATE TABLE gf_notification (
    notice_key  VARCHAR(200) PRIMARY KEY,
    kind        VARCHAR(40)  NOT NULL,
    account_id  VARCHAR(64),
    subject     VARCHAR(300) NOT NULL,
    recipients  VARCHAR(1000) NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
