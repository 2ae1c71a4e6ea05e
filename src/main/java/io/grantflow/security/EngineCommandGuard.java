package io.grantflow.security;

import io.grantflow.shared.EngineInterceptors;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import io.grantflow.shared.EngineDoor;
import io.grantflow.shared.TaskFormCheck;
import io.grantflow.shared.TaskRefusals;
import io.grantflow.shared.TaskWorkCheck;
import io.grantflow.shared.TaskWorkCheck.Step;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetJobsRetriesBatchCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CreateMigrationPlanCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.EvaluateStartConditionCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener;
import org.camunda.bpm.engine.impl.jobexecutor.JobFailureCollector;
import org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.migration.batch.MigrateProcessInstanceBatchCmd;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The one guard at the engine's doors, keyed on the engine's command and the person the engine runs it for, so it holds
 * at {@code /engine-rest}, in the webapps and through the Java API alike. A command run for an authenticated user came
 * from a person (Grantflow's own steps run without one); for a person who is not an administrator it refuses, before
 * the command runs (so nothing changes and a job keeps its retries):
 * <ul>
 * <li>messages, signals and message subscriptions, job executions, a task's BPMN error or escalation, task deletion,
 * conditional starts, migrations and job (or job definition) retries: these route a flow past the rules that guard
 * seats and credits, or the engine answers them with a 500 rather than a refusal;
 * <li>claiming, assigning or delegating a task in another user's name (a candidate takes a task for themself only).
 * </ul>
 * For anyone, administrators included: a job's due date is never taken away ({@code 400 due-date-required}: the job
 * executor only looks for jobs whose due date has passed), and a person's work on a user task passes the features'
 * {@link TaskWorkCheck}s (four-eyes) and, for a completion at an engine door, their {@link TaskFormCheck} with the
 * submitted variables. Everything else is left to the engine's authorizations. A refusal is a {@link GrantflowException};
 * refused work on a task is recorded for the auditors when it came through a door.
 */
@Component
class EngineCommandGuard extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(EngineCommandGuard.class);

    private static final List<Class<?>> ADMINS_ONLY = List.of(AbstractCorrelateMessageCmd.class, MessageEventReceivedCmd.class,
            SignalEventReceivedCmd.class, SignalCmd.class, ExecuteJobsCmd.class, HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class,
            DeleteTaskCmd.class, EvaluateStartConditionCmd.class, CreateMigrationPlanCmd.class, MigrateProcessInstanceCmd.class,
            MigrateProcessInstanceBatchCmd.class, SetJobRetriesCmd.class, AbstractSetJobsRetriesBatchCmd.class);

    private final ObjectProvider<TaskWorkCheck> workChecks;
    private final ObjectProvider<TaskFormCheck> formChecks;
    private final TaskRefusals refusals;

    EngineCommandGuard(ObjectProvider<TaskWorkCheck> workChecks, ObjectProvider<TaskFormCheck> formChecks, @Lazy TaskRefusals refusals) {
        this.workChecks = workChecks;
        this.formChecks = formChecks;
        this.refusals = refusals;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        EngineInterceptors.beforeCommands(configuration, new Interceptor(configuration));
    }

    private final class Interceptor extends CommandInterceptor {

        private final ProcessEngineConfigurationImpl configuration;

        Interceptor(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
        }

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof FailedJobListener listener
                    && ((JobFailureCollector) field(listener, "jobFailureCollector")).getFailure() instanceof JobRefusal refusal
                    && refusal.beforeRunning) {
                return null; // a refused execution never ran: it is no failed attempt and costs the job no retry
            }
            Authentication person = configuration.getIdentityService().getCurrentAuthentication();
            // a command inside another is the flow's own doing; only what a person asks for is theirs
            if (person == null || person.getUserId() == null || Context.getCommandContext() != null) {
                return next.execute(command);
            }
            try {
                check(command, person);
            } catch (GrantflowException refused) {
                throw command instanceof ExecuteJobsCmd ? new JobRefusal(refused, true) : refused;
            }
            if (!(command instanceof ExecuteJobsCmd)) {
                return next.execute(command);
            }
            try {
                return next.execute(command);
            } catch (GrantflowException refused) {
                throw new JobRefusal(refused, false);
            }
        }

        private void check(Command<?> command, Authentication person) {
            String user = person.getUserId();
            boolean admin = person.getGroupIds() != null && person.getGroupIds().contains(Groups.ADMINS);
            if (command instanceof SetJobDuedateCmd && field(command, "newDuedate") == null) {
                throw dueDateRequired();
            }
            if (!admin && ADMINS_ONLY.stream().anyMatch(c -> c.isInstance(command))) {
                throw adminsOnly(command.getClass().getSimpleName().replaceFirst("Cmd$", ""), user);
            }
            Step step = stepOf(command);
            if (step == null) {
                return;
            }
            String taskId = (String) field(command, "taskId");
            if (!admin && (step == Step.CLAIM || step == Step.ASSIGN || step == Step.DELEGATE)) {
                Object taker = field(command, "userId");
                if (taker != null && !taker.equals(user)) {
                    throw Refusal.FORBIDDEN.exception(
                            user + " may take a task for themself only, not give it to " + taker + " (an administrator may)");
                }
            }
            TaskEntity task = taskId == null ? null : configuration.getCommandExecutorTxRequired()
                    .execute(context -> context.getTaskManager().findTaskById(taskId));
            if (task == null) {
                return; // the engine answers a task that is not there
            }
            EngineDoor door = EngineDoor.current();
            try {
                for (TaskWorkCheck check : workChecks) {
                    if (check.taskDefinitionKeys().contains(task.getTaskDefinitionKey())) {
                        check.check(new TaskWorkCheck.TaskWork(task.getId(), task.getTaskDefinitionKey(), task.getProcessInstanceId(), user, step));
                    }
                }
                if (door != null && step == Step.COMPLETE && worksTasks(person) && visible(taskId)) {
                    checkForm(command, task, user);
                }
            } catch (GrantflowException refused) {
                if (door != null) {
                    record(door, command, task, user, refused);
                }
                throw refused;
            }
        }

        /**
         * The feature's early check of a completion at a door: what the operator submitted, refused where they clicked.
         * It is Grantflow's own reading of its rules, run with the engine's full view, not the user's.
         */
        private void checkForm(Command<?> command, TaskEntity task, String user) {
            TaskFormCheck check = formChecks.orderedStream().filter(c -> c.taskDefinitionKeys().contains(task.getTaskDefinitionKey()))
                    .findFirst().orElse(null);
            if (check == null) {
                return;
            }
            Object variables = field(command, command instanceof SubmitTaskFormCmd ? "properties" : "variables");
            Map<String, Object> submitted = new LinkedHashMap<>();
            if (variables instanceof Map<?, ?> map) {
                map.forEach((name, value) -> submitted.put(String.valueOf(name), plain(value)));
            }
            Authentication saved = configuration.getIdentityService().getCurrentAuthentication();
            configuration.getIdentityService().clearAuthentication();
            try {
                check.check(new TaskFormCheck.Submission(task.getId(), task.getTaskDefinitionKey(), task.getProcessInstanceId(), user, submitted));
            } catch (GrantflowException refused) {
                throw refused;
            } catch (RuntimeException unexpected) {
                // the process applies the rule again and decides; the early refusal is only a courtesy
                log.warn("The early check of task {} failed; the engine goes on", task.getId(), unexpected);
            } finally {
                configuration.getIdentityService().setAuthentication(saved);
            }
        }

        /** Whether the person may see the task: nothing about a task is told to one who may not. */
        private boolean visible(String taskId) {
            return configuration.getTaskService().createTaskQuery().taskId(taskId).count() > 0;
        }

        private void record(EngineDoor door, Command<?> command, TaskEntity task, String user, GrantflowException refused) {
            String definitionKey = task.getProcessDefinitionId() == null ? null : configuration.getCommandExecutorTxRequired()
                    .execute(context -> {
                        ProcessDefinitionEntity d = context.getProcessEngineConfiguration().getDeploymentCache()
                                .findDeployedProcessDefinitionById(task.getProcessDefinitionId());
                        return d == null ? null : d.getKey();
                    });
            refusals.record(user, door.name(), operation(command), task.getId(), task.getTaskDefinitionKey(), task.getName(),
                    task.getProcessInstanceId(), definitionKey, refused.code(), refused.getMessage());
        }
    }

    static GrantflowException dueDateRequired() {
        return Refusal.DUE_DATE_REQUIRED.exception(
                "A job needs a due date: the job executor only runs jobs whose due date has passed (send the current time to run it now)");
    }

    static GrantflowException adminsOnly(String what, String user) {
        return Refusal.FORBIDDEN.exception(what + " is one of Grantflow's own steps or an administrator's"
                + " (messages, signals, jobs, migrations, task deletion), not " + user + "'s");
    }

    /** Operators work tasks; an administrator may too. Anyone else is the engine's to refuse. */
    private static boolean worksTasks(Authentication person) {
        List<String> groups = person.getGroupIds() == null ? List.of() : person.getGroupIds();
        return groups.contains(Groups.OPERATORS) || groups.contains(Groups.ADMINS);
    }

    private static Step stepOf(Command<?> command) {
        if (command instanceof ClaimTaskCmd) {
            return Step.CLAIM;
        } else if (command instanceof AssignTaskCmd) {
            return Step.ASSIGN;
        } else if (command instanceof DelegateTaskCmd) {
            return Step.DELEGATE;
        } else if (command instanceof ResolveTaskCmd) {
            return Step.RESOLVE;
        } else if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
            return Step.COMPLETE;
        }
        return null;
    }

    /** The step's name as Tasklist and {@code /engine-rest} call it. */
    private static String operation(Command<?> command) {
        if (command instanceof SubmitTaskFormCmd) {
            return "submit-form";
        }
        Step step = stepOf(command);
        return step == Step.ASSIGN ? "assignee" : step.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A submitted value as plain Java: whole numbers as Long, typed values unwrapped. */
    private static Object plain(Object value) {
        Object v = value instanceof TypedValue typed ? typed.getValue() : value;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }

    /** A command's field: the engine offers no getters for what most commands carry. */
    private static Object field(Object command, String name) {
        for (Class<?> c = command.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(command);
            } catch (NoSuchFieldException next) {
                // declared further up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(command.getClass().getName() + " has no field " + name + " in this engine");
    }

    /**
     * A refusal of a job execution, carried as the engine's authorization failure: Camunda's job resource rethrows only
     * that one whole (any other failure it answers as a 500 with the words alone), so the answer finds the refusal as
     * its cause.
     */
    static final class JobRefusal extends AuthorizationException {
        private final transient boolean beforeRunning;

        JobRefusal(GrantflowException refusal, boolean beforeRunning) {
            super(refusal.getMessage());
            initCause(refusal);
            this.beforeRunning = beforeRunning;
        }
    }
}
