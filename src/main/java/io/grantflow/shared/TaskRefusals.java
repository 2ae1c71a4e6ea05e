package io.grantflow.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The refusals an engine door answered when someone worked a user task ({@code gf_task_refusal}, written here only):
 * who, when, which task, the code and the words. Each is written in a transaction of its own, since the refused
 * request changes nothing else; the auditors' timeline reads them by process instance.
 */
@Repository
public class TaskRefusals {

    /** One refusal. */
    public record Refusal(Instant at, String actor, String door, String operation, String taskId, String taskDefinitionKey,
            String taskName, String processInstanceId, String processDefinitionKey, String code, String message) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final Clock clock;

    TaskRefusals(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Records a refusal now; answers it. */
    public Refusal record(String actor, String door, String operation, String taskId, String taskDefinitionKey, String taskName,
            String processInstanceId, String processDefinitionKey, String code, String message) {
        Refusal r = new Refusal(clock.instant(), actor, door, operation, taskId, taskDefinitionKey, cut(taskName, 1000), processInstanceId,
                processDefinitionKey, code, cut(message, 2000));
        own.executeWithoutResult(tx -> jdbc.update("INSERT INTO gf_task_refusal (id, at, actor, door, operation, task_id,"
                        + " task_definition_key, task_name, process_instance_id, process_definition_key, code, message)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(), Timestamp.from(r.at()), r.actor(), r.door(), r.operation(), r.taskId(), r.taskDefinitionKey(),
                r.taskName(), r.processInstanceId(), r.processDefinitionKey(), r.code(), r.message()));
        return r;
    }

    /** The refusals on these process instances' tasks, oldest first per instance. */
    public List<Refusal> forProcesses(Collection<String> processInstanceIds) {
        List<Refusal> rows = new ArrayList<>();
        for (String pi : processInstanceIds) {
            rows.addAll(jdbc.query("SELECT * FROM gf_task_refusal WHERE process_instance_id = ? ORDER BY at", (rs, n) -> row(rs), pi));
        }
        return rows;
    }

    private static Refusal row(ResultSet rs) throws SQLException {
        return new Refusal(rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("door"), rs.getString("operation"),
                rs.getString("task_id"), rs.getString("task_definition_key"), rs.getString("task_name"), rs.getString("process_instance_id"),
                rs.getString("process_definition_key"), rs.getString("code"), rs.getString("message"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
