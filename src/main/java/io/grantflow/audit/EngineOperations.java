package io.grantflow.audit;

import io.grantflow.shared.EngineInterceptors;

import io.grantflow.shared.EngineDoor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.EventSubscriptionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.IncidentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records what anyone (admin included) changes in the flows through the engine's own doors: the engine's user
 * operation log leaves out message correlations and job executions, and is cleaned with the history. A command the
 * engine runs for its authenticated user while a write request at a door ({@link EngineDoor#current()}) is served is
 * looked at when it closes: the process instances whose rows it inserted, changed or deleted (or that the path names,
 * for the bulk updates of a suspension) each get one {@code gf_engine_operation} row with who (the engine's user),
 * when and what, in the command's transaction, so a refused or failed operation leaves none.
 */
@Component
class EngineOperations extends AbstractProcessEnginePlugin {

    private static final Pattern PROCESS_INSTANCE = Pattern.compile("/process-instance/([^/]+)/.*");
    private static final Pattern JOB = Pattern.compile("/job/([^/]+)/.*");
    private static final Pattern TASK = Pattern.compile("/task/([^/]+)(/.*)?");
    private static final Pattern EXECUTION = Pattern.compile("/execution/([^/]+)/.*");
    private static final Pattern DEFINITION_KEY = Pattern.compile("/process-definition/key/([^/]+)/.*");
    private static final Pattern DEFINITION_ID = Pattern.compile("/process-definition/([^/]+)/.*");
    private static final Pattern JOB_DEFINITION = Pattern.compile("/job-definition/([^/]+)/.*");

    private final JdbcTemplate jdbc;

    EngineOperations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One recorded operation, for the timeline. */
    record Row(Instant at, String user, String door, String method, String path, String operation, String processInstanceId,
            String processDefinitionKey) {
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        EngineInterceptors.insideTransaction(configuration, new Interceptor());
    }

    /** The operations on these process instances, and those on their definitions (by key) in the time they ran. */
    List<Row> forProcesses(Collection<String> processInstanceIds) {
        List<Row> rows = new ArrayList<>();
        for (String pi : processInstanceIds) {
            rows.addAll(jdbc.query("SELECT * FROM gf_engine_operation WHERE process_instance_id = ? ORDER BY at", (rs, n) -> row(rs), pi));
        }
        return rows;
    }

    List<Row> forDefinition(String processDefinitionKey, Instant from, Instant to) {
        return jdbc.query("SELECT * FROM gf_engine_operation WHERE process_instance_id IS NULL AND process_definition_key = ?"
                        + " AND at >= ? AND at <= ? ORDER BY at", (rs, n) -> row(rs), processDefinitionKey, Timestamp.from(from),
                Timestamp.from(to == null ? Instant.now().plusSeconds(3650L * 86400) : to));
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getTimestamp("at").toInstant(), rs.getString("user_id"), rs.getString("door"), rs.getString("method"),
                rs.getString("path"), rs.getString("operation"), rs.getString("process_instance_id"), rs.getString("process_definition_key"));
    }

    private final class Interceptor extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            CommandContext context = Context.getCommandContext();
            EngineDoor door = context == null || context.getAuthenticatedUserId() == null ? null : EngineDoor.current();
            if (door != null && door.isWrite()) {
                // the outermost command of the context names the operation; nested ones find it registered
                context.registerCommandContextListener(new Recorder(context, door, command));
            }
            return next.execute(command);
        }
    }

    private final class Recorder implements CommandContextListener {

        private final CommandContext context;
        private final EngineDoor door;
        private final String operation;

        Recorder(CommandContext context, EngineDoor door, Command<?> command) {
            this.context = context;
            this.door = door;
            String name = command.getClass().getSimpleName();
            int lambda = name.indexOf("$$");
            name = lambda > 0 ? name.substring(0, lambda) : name;
            this.operation = name.endsWith("Cmd") ? name.substring(0, name.length() - 3) : name;
        }

        @Override
        public void onCommandContextClose(CommandContext commandContext) {
            DbEntityManager db = commandContext.getDbEntityManager();
            boolean changed = !db.getDbOperationManager().bulkOperationsInsertionOrder.isEmpty();
            Set<String> processInstances = new LinkedHashSet<>();
            for (CachedDbEntity cached : new ArrayList<>(db.getDbEntityCache().getCachedEntities())) {
                DbEntityState state = cached.getEntityState();
                if (state == DbEntityState.PERSISTENT && !cached.isDirty()) {
                    continue;
                }
                changed = true;
                String pi = processInstanceOf(cached.getEntity());
                if (pi != null) {
                    processInstances.add(pi);
                }
            }
            if (!changed) {
                return; // a query sent as POST, or nothing to do
            }
            String path = door.path();
            String definitionKey = null;
            Matcher m;
            if ((m = PROCESS_INSTANCE.matcher(path)).matches()) {
                processInstances.add(m.group(1));
            } else if ((m = JOB.matcher(path)).matches()) {
                JobEntity job = commandContext.getJobManager().findJobById(m.group(1));
                if (job != null && job.getProcessInstanceId() != null) {
                    processInstances.add(job.getProcessInstanceId());
                }
            } else if ((m = TASK.matcher(path)).matches()) {
                TaskEntity task = commandContext.getTaskManager().findTaskById(m.group(1));
                if (task != null && task.getProcessInstanceId() != null) {
                    processInstances.add(task.getProcessInstanceId());
                }
            } else if ((m = EXECUTION.matcher(path)).matches()) {
                ExecutionEntity execution = commandContext.getExecutionManager().findExecutionById(m.group(1));
                if (execution != null) {
                    processInstances.add(execution.getProcessInstanceId());
                }
            } else if ((m = DEFINITION_KEY.matcher(path)).matches()) {
                definitionKey = m.group(1);
            } else if ((m = DEFINITION_ID.matcher(path)).matches()) {
                ProcessDefinitionEntity definition = commandContext.getProcessDefinitionManager().findLatestDefinitionById(m.group(1));
                definitionKey = definition == null ? null : definition.getKey();
            } else if ((m = JOB_DEFINITION.matcher(path)).matches()) {
                JobDefinitionEntity definition = commandContext.getJobDefinitionManager().findById(m.group(1));
                definitionKey = definition == null ? null : definition.getProcessDefinitionKey();
            }
            String user = commandContext.getAuthenticatedUserId();
            Timestamp at = Timestamp.from(ClockUtil.getCurrentTime().toInstant());
            String shownPath = path.length() > 1000 ? path.substring(0, 1000) : path;
            if (processInstances.isEmpty() || definitionKey != null) {
                insert(at, user, shownPath, null, definitionKey);
            }
            for (String pi : processInstances) {
                insert(at, user, shownPath, pi, null);
            }
        }

        private void insert(Timestamp at, String user, String path, String pi, String definitionKey) {
            jdbc.update("INSERT INTO gf_engine_operation (id, at, user_id, door, method, path, operation, process_instance_id,"
                            + " process_definition_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    UUID.randomUUID().toString(), at, user, door.name(), door.method(), path, operation, pi, definitionKey);
        }

        @Override
        public void onCommandFailed(CommandContext commandContext, Throwable t) {
            // the transaction rolls back: nothing happened, nothing to record
        }

        /** One recorder per command context: the first (outermost) command's. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Recorder r && r.context == context;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(context);
        }
    }

    private static String processInstanceOf(DbEntity entity) {
        if (entity instanceof HistoryEvent h) {
            return h.getProcessInstanceId();
        } else if (entity instanceof ExecutionEntity e) {
            return e.getProcessInstanceId();
        } else if (entity instanceof TaskEntity t) {
            return t.getProcessInstanceId();
        } else if (entity instanceof JobEntity j) {
            return j.getProcessInstanceId();
        } else if (entity instanceof VariableInstanceEntity v) {
            return v.getProcessInstanceId();
        } else if (entity instanceof EventSubscriptionEntity s) {
            return s.getProcessInstanceId();
        } else if (entity instanceof IncidentEntity i) {
            return i.getProcessInstanceId();
        }
        return null;
    }
}
