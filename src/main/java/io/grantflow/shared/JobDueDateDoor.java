package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A job's due date may be moved at the engine's doors ({@code PUT /job/{id}/duedate}, Cockpit's "change due date"), but
 * not taken away. Since {@link JobAcquisitionByDueDate} the job executor only looks for jobs whose due date has passed;
 * the engine's command still accepts {@code null} (it used to mean "due now"), and such a job would wait unseen until
 * the next start. A body without a due date is refused with {@code 400 due-date-required} before the engine is asked,
 * so the job stays as it was; to run a job at once, send the current time. A body the engine could not read is its
 * own business and passes on whole.
 */
@Component
class JobDueDateDoor extends OncePerRequestFilter {

    private static final Pattern SET_DUE_DATE = Pattern.compile("/job/[^/]+/duedate/?");

    private final ObjectMapper json;

    JobDueDateDoor(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"PUT".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // who is not signed in, and a forged webapps write, hear it from the engine and the XSRF check
        EngineDoor door = EngineDoor.of(request);
        if (door == null || door.signedInMatch(request, SET_DUE_DATE) == null) {
            chain.doFilter(request, response);
            return;
        }
        ReplayableBody body = ReplayableBody.read(request);
        if (removesDueDate(body.body())) {
            EngineDoor.refuse(json, response, Refusal.DUE_DATE_REQUIRED,
                    "A job needs a due date: the job executor only runs jobs whose due date has passed (send the current time to run it now)");
            return;
        }
        chain.doFilter(body, response);
    }

    /** No body, {@code null}, or an object whose {@code duedate} is missing or null; anything else is for the engine to read or refuse. */
    private boolean removesDueDate(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : json.readTree(body);
        } catch (IOException unreadable) {
            return false;
        }
        if (node == null || node.isNull()) {
            return true;
        }
        JsonNode dueDate = node.path("duedate");
        return node.isObject() && (dueDate.isNull() || dueDate.isMissingNode());
    }
}
