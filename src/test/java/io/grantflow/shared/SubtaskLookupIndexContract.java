package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.QueryPlans;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The subtask look-up index ({@code GF_IDX_TASK_PARENT}, {@link EngineSchemaMigrations}) on the database the context runs on: the index exists and the engine's own subtask
 * look-up (its statement as the engine's mapping sends it) is served by it, not by reading every open task.
 */
final class SubtaskLookupIndexContract {

    /** The engine's statement (Task.xml, selectTasksByParentTaskId), run on every task completion and deletion. */
    static final String ENGINE_STATEMENT = "select * from ACT_RU_TASK where PARENT_TASK_ID_ = 'some-task'";

    private SubtaskLookupIndexContract() {
    }

    static void run(JdbcTemplate jdbc, TransactionTemplate tx, boolean postgres) throws Exception {
        assertThat(JobAcquisitionContract.indexesOf(jdbc, "ACT_RU_TASK")).as("indexes of ACT_RU_TASK").contains(EngineSchemaMigrations.SUBTASK_INDEX);
        assertThat(QueryPlans.explain(jdbc, tx, ENGINE_STATEMENT, postgres)).as("plan of the subtask look-up").contains(EngineSchemaMigrations.SUBTASK_INDEX);
    }
}
