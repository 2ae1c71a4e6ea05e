package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.shared.EngineDoor;
import io.grantflow.shared.ReplayableBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What only an administrator may send through the engine's doors, whatever the engine's authorizations would say:
 * messages, signals and job executions. A receipt, a revoke key or an expiry change reaches a flow through
 * Grantflow's API with its proof; a bare message (or a signal nobody waits for, which the engine accepts without any
 * check) is not an operator's, integrator's or auditor's to send. A job execution the engine refuses still counts as
 * a failed attempt and costs the job a retry (so anyone could run a timer into an incident): it is refused here first.
 * A BPMN error or escalation thrown from a task needs only the right to work it, yet routes the flow wherever the
 * model catches it: not for a task's candidates either. Deleting a task, conditional starts, migrations and job
 * retries are an administrator's too: the engine answers them for anyone else with a 500 and its own exception (a
 * NullPointerException's words among them) rather than a refusal. A task's candidate takes it for themself only:
 * claiming (which {@code TASK_WORK} allows), assigning or delegating it in another user's name is refused. Everything
 * else is left to the engine's authorizations.
 */
@Component
class EngineDoorPolicy extends OncePerRequestFilter {

    private static final Pattern ADMIN_ONLY = Pattern.compile(
            "/(message|signal)/?|/execution/[^/]+/(signal|messageSubscriptions/.*)|/job/[^/]+/execute/?|/task/[^/]+/(bpmnError|bpmnEscalation)/?"
                    + "|/condition/?|/migration(/.*)?|/job/([^/]+/)?retries/?|/job-definition/([^/]+/)?retries/?");

    /** {@code DELETE /task/{id}}; other requests to such a path are queries ({@code POST /task/count}) or the engine's to refuse. */
    private static final Pattern TASK = Pattern.compile("/task/[^/]+/?");

    /** Steps that name the user a task goes to. */
    private static final Pattern TAKE_TASK = Pattern.compile("/task/[^/]+/(claim|assignee|delegate)/?");

    private final ObjectMapper json;

    EngineDoorPolicy(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EngineDoor door = EngineDoor.of(request);
        if (door == null || door.user() == null || !EngineDoor.isWrite(request) || door.isAdmin()) {
            chain.doFilter(request, response);
            return;
        }
        if (ADMIN_ONLY.matcher(door.path()).matches() || "DELETE".equals(request.getMethod()) && TASK.matcher(door.path()).matches()) {
            EngineDoor.refuse(json, response, Refusal.FORBIDDEN, request.getMethod() + " " + door.path()
                    + " is one of Grantflow's own steps or an administrator's (messages, signals, jobs, migrations, task deletion), not "
                    + door.user() + "'s");
            return;
        }
        if (TAKE_TASK.matcher(door.path()).matches() && "POST".equals(request.getMethod()) && !door.forgedAtWebapps(request)) {
            ReplayableBody body = ReplayableBody.read(request);
            String taker = userId(body.body());
            if (taker != null && !taker.equals(door.user())) {
                EngineDoor.refuse(json, response, Refusal.FORBIDDEN,
                        door.user() + " may take a task for themself only, not give it to " + taker + " (an administrator may)");
                return;
            }
            chain.doFilter(body, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The body's {@code userId}; null when there is none (unassigning) or the engine could not read the body anyway. */
    private String userId(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode user = root == null ? null : root.path("userId");
            return user == null || user.isMissingNode() || user.isNull() ? null : user.asText();
        } catch (IOException notJson) {
            return null;
        }
    }
}
