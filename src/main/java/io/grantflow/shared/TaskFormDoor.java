package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.protocol.GrantflowException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Completing a user task at the engine's doors (Tasklist's Complete: the webapps' {@code submit-form}; {@code
 * /engine-rest} complete or submit-form) first runs the feature's {@link TaskFormCheck} for that task, with the
 * variables read from the body as the engine would read them. A refusal is a problem document with the rule's code
 * and its words in {@code message} (what Tasklist shows), recorded for the auditors; the task, its assignee and its
 * variables stay as they were, because the engine is never asked. A body the engine could not read is its business:
 * it is passed on whole.
 */
@Component
public class TaskFormDoor extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TaskFormDoor.class);
    private static final Pattern COMPLETE = Pattern.compile("/task/([^/]+)/(complete|submit-form)/?");

    private final ObjectProvider<TaskFormCheck> checks;
    private final TaskService tasks;
    private final RepositoryService repository;
    private final IdentityService identity;
    private final TaskRefusals refusals;
    private final ObjectMapper json;

    TaskFormDoor(ObjectProvider<TaskFormCheck> checks, @Lazy TaskService tasks, @Lazy RepositoryService repository,
            @Lazy IdentityService identity, @Lazy TaskRefusals refusals, ObjectMapper json) {
        this.checks = checks;
        this.tasks = tasks;
        this.repository = repository;
        this.identity = identity;
        this.refusals = refusals;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EngineDoor door = EngineDoor.of(request);
        Matcher m = door == null || !worksTasks(door) ? null : door.signedInMatch(request, COMPLETE);
        if (m == null) {
            chain.doFilter(request, response);
            return;
        }
        Task task = visibleTask(door, m.group(1));
        TaskFormCheck check = task == null ? null : checkFor(task.getTaskDefinitionKey());
        if (check == null) {
            chain.doFilter(request, response);
            return;
        }
        ReplayableBody body = ReplayableBody.read(request);
        Map<String, Object> submitted = submittedVariables(body.body());
        if (submitted == null) {
            chain.doFilter(body, response); // the engine answers a body it cannot read
            return;
        }
        Authentication saved = identity.getCurrentAuthentication();
        try {
            // the check is Grantflow's own reading of its rules: it runs with the engine's full view, not the user's
            identity.clearAuthentication();
            check.check(new TaskFormCheck.Submission(task.getId(), task.getTaskDefinitionKey(), task.getProcessInstanceId(), door.user(),
                    submitted));
        } catch (GrantflowException refused) {
            refuse(door, m.group(2), task, response, refused.refusal(), refused.getMessage());
            return;
        } catch (RuntimeException unexpected) {
            // the process applies the rule again and decides; the early refusal is only a courtesy
            log.warn("The early check of task {} failed; passing the request to the engine", task.getId(), unexpected);
        } finally {
            restore(saved);
        }
        chain.doFilter(body, response);
    }

    /**
     * Records a refusal of work on a task at an engine door and answers it as a problem document with the words in
     * {@code message}. Also used by checks that refuse more than completions (four-eyes refuses claims too).
     */
    public void refuse(EngineDoor door, String operation, String taskId, HttpServletResponse response, Refusal refusal,
            String message) throws IOException {
        Authentication saved = identity.getCurrentAuthentication();
        Task task;
        try {
            // the refused user may not see the task (four-eyes hides it from the configurer); the record names it all the same
            identity.clearAuthentication();
            task = tasks.createTaskQuery().taskId(taskId).singleResult();
        } finally {
            restore(saved);
        }
        if (task != null) {
            refuse(door, operation, task, response, refusal, message);
        } else {
            EngineDoor.refuse(json, response, refusal, message);
        }
    }

    private void refuse(EngineDoor door, String operation, Task task, HttpServletResponse response, Refusal refusal,
            String message) throws IOException {
        Authentication saved = identity.getCurrentAuthentication();
        ProcessDefinition definition;
        try {
            identity.clearAuthentication();
            definition = task.getProcessDefinitionId() == null ? null : repository.getProcessDefinition(task.getProcessDefinitionId());
        } finally {
            restore(saved);
        }
        refusals.record(door.user(), door.name(), operation, task.getId(), task.getTaskDefinitionKey(), task.getName(),
                task.getProcessInstanceId(), definition == null ? null : definition.getKey(), refusal.code(), message);
        EngineDoor.refuse(json, response, refusal, message);
    }

    /** Operators work tasks; an administrator may too. Anyone else is the engine's to refuse. */
    private static boolean worksTasks(EngineDoor door) {
        return door.user() != null && (door.groups().contains("operators") || door.isAdmin());
    }

    /** The task, if the door's user may see it: nothing about a task is told to one who may not. */
    private Task visibleTask(EngineDoor door, String taskId) {
        Authentication saved = identity.getCurrentAuthentication();
        try {
            identity.setAuthentication(door.user(), door.groups());
            return tasks.createTaskQuery().taskId(taskId).singleResult();
        } finally {
            restore(saved);
        }
    }

    private void restore(Authentication saved) {
        if (saved == null) {
            identity.clearAuthentication();
        } else {
            identity.setAuthentication(saved);
        }
    }

    private TaskFormCheck checkFor(String taskDefinitionKey) {
        return checks.orderedStream().filter(c -> c.taskDefinitionKeys().contains(taskDefinitionKey)).findFirst().orElse(null);
    }

    /**
     * The variables of a complete or submit-form body ({@code {"variables": {"name": {"value": …, "type": …}}}}), their
     * values as plain Java (whole numbers as Long, other numbers as Double, text, booleans, null); an empty body submits
     * none. Null when the body is not one the engine would read.
     */
    Map<String, Object> submittedVariables(byte[] body) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (body.length == 0) {
            return vars;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return vars;
        }
        if (!root.isObject()) {
            return null;
        }
        JsonNode variables = root.path("variables");
        if (variables.isMissingNode() || variables.isNull()) {
            return vars;
        }
        if (!variables.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                return null;
            }
            JsonNode value = e.getValue().path("value");
            String type = e.getValue().path("type").asText("");
            vars.put(e.getKey(), "Null".equalsIgnoreCase(type) ? null : plain(value));
        }
        return vars;
    }

    private static Object plain(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? value.longValue() : value.decimalValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.toString();
    }
}
