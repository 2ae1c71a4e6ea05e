package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refuses (double slashes, dot segments, encoded slashes or dots, path
 * parameters, backslashes, NUL, control characters) is a client's mistake: {@code 400 invalid-request} as a problem
 * document, one DEBUG line, no stack trace. Without this handler the firewall's exception reached the container as
 * a 500 with an ERROR stack trace for every such request, anonymous ones included.
 */
@Configuration(proxyBeanMethods = false)
class OddRequests {

    private static final Logger log = LoggerFactory.getLogger(OddRequests.class);

    /** Picked up by Spring Security's WebSecurity for its FilterChainProxy. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(ObjectMapper json) {
        return (request, response, rejected) -> {
            log.debug("Refused {} request with an odd path or header from {}: {}", request.getMethod(), request.getRemoteAddr(),
                    rejected.getMessage());
            if (response.isCommitted()) {
                return;
            }
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ProblemHandler.problem(Refusal.INVALID_REQUEST, "The request's path or headers are not in their plain form (double slash, dot segment, encoded character,"
                            + " path parameter, backslash or control character); send the canonical path").getBody());
        };
    }
}
