package io.grantflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.shared.EngineDoor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What only an administrator may send through the engine's doors, whatever the engine's authorizations would say:
 * messages, signals and job executions. A receipt, a revoke key or an expiry change reaches a flow through
 * Grantflow's API with its proof; a bare message (or a signal nobody waits for, which the engine accepts without any
 * check) is not an operator's, integrator's or auditor's to send. A job execution the engine refuses still counts as
 * a failed attempt and costs the job a retry (so anyone could run a timer into an incident): it is refused here first.
 * A BPMN error or escalation thrown from a task needs only the right to work it, yet routes the flow wherever the
 * model catches it: not for a task's candidates either. Everything else is left to the engine's authorizations.
 */
@Component
class EngineDoorPolicy extends OncePerRequestFilter {

    private static final Pattern ADMIN_ONLY = Pattern.compile(
            "/(message|signal)/?|/execution/[^/]+/(signal|messageSubscriptions/.*)|/job/[^/]+/execute/?|/task/[^/]+/(bpmnError|bpmnEscalation)/?");

    private final ObjectMapper json;

    EngineDoorPolicy(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EngineDoor door = EngineDoor.of(request);
        if (door != null && door.user() != null && EngineDoor.isWrite(request) && !door.isAdmin()
                && ADMIN_ONLY.matcher(door.path()).matches()) {
            EngineDoor.refuse(json, response, HttpStatus.FORBIDDEN, "forbidden",
                    "Messages, signals and job executions are Grantflow's own steps (or an administrator's), not " + door.user() + "'s");
            return;
        }
        chain.doFilter(request, response);
    }
}
