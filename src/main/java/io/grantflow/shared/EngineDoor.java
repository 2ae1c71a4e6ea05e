package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The engine's own doors: {@code /engine-rest} (HTTP Basic, Spring Security's user) and the webapps' engine API that
 * Tasklist and Cockpit call ({@code /camunda/api/engine/engine/default}, the webapp session's user). Filters that
 * guard or record engine operations use this to know which door, which engine path and who.
 */
public record EngineDoor(String name, String path, String user, List<String> groups) {

    public static final String ENGINE_REST = "/engine-rest";
    private static final String WEBAPPS_ENGINE_PREFIX = "/camunda/api/engine/engine/";
    /** The URL patterns a servlet filter registers for both doors. */
    public static final String[] URL_PATTERNS = {ENGINE_REST + "/*", "/camunda/api/engine/*"};

    /** The door a request came through, or null when it is not one of the engine's. */
    public static EngineDoor of(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        if (uri.startsWith(ENGINE_REST + "/")) {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            String user = auth == null || !auth.isAuthenticated() ? null : auth.getName();
            List<String> groups = auth == null ? List.of() : auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).toList();
            String path = uri.substring(ENGINE_REST.length());
            if (path.startsWith("/engine/")) {
                // /engine-rest/engine/{name}/… is the same API as /engine-rest/…
                int next = path.indexOf('/', "/engine/".length());
                path = next < 0 ? "/" : path.substring(next);
            }
            return new EngineDoor("engine-rest", path, user, groups);
        }
        if (uri.startsWith(WEBAPPS_ENGINE_PREFIX) && uri.indexOf('/', WEBAPPS_ENGINE_PREFIX.length()) > 0) {
            // /camunda/api/engine/engine/{engine name}/…: the session holds one authentication per engine
            int end = uri.indexOf('/', WEBAPPS_ENGINE_PREFIX.length());
            String engine = uri.substring(WEBAPPS_ENGINE_PREFIX.length(), end);
            String user = null;
            List<String> groups = List.of();
            HttpSession session = request.getSession(false);
            Authentications auths = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
            Authentication auth = auths == null ? null : auths.getAuthenticationForProcessEngine(engine);
            if (auth != null) {
                user = auth.getName();
                if (auth instanceof UserAuthentication u && u.getGroupIds() != null) {
                    groups = u.getGroupIds();
                }
            }
            return new EngineDoor("webapps", uri.substring(end), user, groups);
        }
        return null;
    }

    /**
     * A write at the webapps' door without the session's XSRF token: Camunda's CSRF filter, which runs after
     * Grantflow's filters, refuses it. Checks that would answer it first (and record what they refused) leave it to that
     * filter, so a forged page learns nothing and leaves no trace.
     */
    public boolean forgedAtWebapps(HttpServletRequest request) {
        if (!"webapps".equals(name) || !isWrite(request)) {
            return false;
        }
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
        return token == null || !token.equals(request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME));
    }

    /**
     * The match of this door's engine path for a request a signed-in user sent, or null: nobody signed in (the engine
     * answers that), a forged webapps write (the XSRF check answers it), or another path.
     */
    public Matcher signedInMatch(HttpServletRequest request, Pattern enginePath) {
        if (user == null || forgedAtWebapps(request)) {
            return null;
        }
        Matcher m = enginePath.matcher(path);
        return m.matches() ? m : null;
    }

    public boolean isAdmin() {
        return groups.contains("camunda-admin");
    }

    /** A request that may change something: not a read (queries sent as POST still count; the recorder tells them apart). */
    public static boolean isWrite(HttpServletRequest request) {
        String m = request.getMethod();
        return !(m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"));
    }

    /**
     * Answers a refusal at the door as a problem document, the way Grantflow's API does. It also carries the words as
     * {@code message}: that is what Tasklist's notification shows of a failed request.
     */
    public static void refuse(ObjectMapper json, HttpServletResponse response, Refusal refusal, String detail)
            throws IOException {
        ProblemDetail problem = ProblemHandler.problem(refusal, detail).getBody();
        problem.setProperty("message", detail + " (" + refusal.code() + ")");
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
