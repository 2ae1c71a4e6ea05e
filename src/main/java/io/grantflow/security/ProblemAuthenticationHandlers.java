package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.shared.ProblemHandler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401, 403 and 429 as problem documents, like every other error. */
final class ProblemAuthenticationHandlers {

    private ProblemAuthenticationHandlers() {
    }

    static AuthenticationEntryPoint entryPoint(ObjectMapper json, String challenge) {
        return (request, response, e) -> {
            if (e instanceof LoginThrottledException throttled) {
                tooManyFailedLogins(json, response, throttled.retryAfter());
                return;
            }
            response.setHeader("WWW-Authenticate", challenge);
            write(json, response, Refusal.UNAUTHORIZED, "Authentication is required");
        };
    }

    static AccessDeniedHandler accessDenied(ObjectMapper json) {
        return (request, response, e) ->
                write(json, response, Refusal.FORBIDDEN, "Your groups may not do this");
    }

    /** 429 with {@code Retry-After}: the client, or someone guessing this user's password, failed too often. */
    static void tooManyFailedLogins(ObjectMapper json, HttpServletResponse response, Duration retryAfter)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
        write(json, response, Refusal.RATE_LIMITED, "Too many failed logins from your address or for this user; retry after " + retryAfter.toSeconds() + " s");
    }

    static void write(ObjectMapper json, HttpServletResponse response, Refusal refusal, String detail) throws IOException {
        ProblemDetail problem = ProblemHandler.problem(refusal, detail).getBody();
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
