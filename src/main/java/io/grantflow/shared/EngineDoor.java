package io.grantflow.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The engine's own door an engine command is being served through, for what is recorded about it: {@code /engine-rest}
 * or the webapps' engine API that Tasklist and Cockpit call ({@code /camunda/api/engine/engine/default}), with the
 * engine path and the method. Read from the request Spring holds for the serving thread; decisions are the command's.
 */
public record EngineDoor(String name, String path, String method) {

    public static final String ENGINE_REST = "/engine-rest";
    private static final String WEBAPPS_ENGINE_PREFIX = "/camunda/api/engine/engine/";

    /** The door of the request this thread serves, or null: not an HTTP request, or not one of the engine's doors. */
    public static EngineDoor current() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        HttpServletRequest request = attributes.getRequest();
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        if (uri.startsWith(ENGINE_REST + "/")) {
            String path = uri.substring(ENGINE_REST.length());
            if (path.startsWith("/engine/")) {
                // /engine-rest/engine/{name}/… is the same API as /engine-rest/…
                int next = path.indexOf('/', "/engine/".length());
                path = next < 0 ? "/" : path.substring(next);
            }
            return new EngineDoor("engine-rest", path, request.getMethod());
        }
        int end = uri.startsWith(WEBAPPS_ENGINE_PREFIX) ? uri.indexOf('/', WEBAPPS_ENGINE_PREFIX.length()) : -1;
        return end > 0 ? new EngineDoor("webapps", uri.substring(end), request.getMethod()) : null;
    }

    /** A request that may change something: not a read (queries sent as POST still count; a recorder tells them apart). */
    public boolean isWrite() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }
}
