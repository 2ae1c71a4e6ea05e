-- Indexes Grantflow adds to the engine's own tables. These migrations run after the engine created or updated its
-- schema (db/migration runs before the engine starts), with their own history table.

-- Completing or deleting a user task makes the engine look for its subtasks (WHERE PARENT_TASK_ID_ = ?); the engine's
-- schema has no index on that column, and an undelivered offline assignment keeps a task open, so the open tasks grow
-- with the credit files waiting.
CREATE INDEX IF NOT EXISTS GF_IDX_TASK_PARENT ON ACT_RU_TASK (PARENT_TASK_ID_);

-- The job executor's acquisition (every job has a due date: JobAcquisitionByDueDate) reads due jobs through this
-- index instead of every timer that waits for a subscription's end or an auto-revoke.
CREATE INDEX IF NOT EXISTS GF_IDX_JOB_DUEDATE ON ACT_RU_JOB (DUEDATE_);
