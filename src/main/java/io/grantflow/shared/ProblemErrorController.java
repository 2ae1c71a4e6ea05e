package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container answers by itself (a request Spring Security's firewall rejects, a {@code sendError}
 * from a filter, an exception that escapes every handler) leaves as a problem document with a code too, instead of
 * Spring Boot's own error JSON.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = attribute instanceof Integer code && HttpStatus.resolve(code) != null
                ? HttpStatus.resolve(code) : HttpStatus.INTERNAL_SERVER_ERROR;
        Refusal refusal = refusalFor(status);
        String detail = status.is4xxClientError() ? "The request was refused: " + status.getReasonPhrase()
                : "Grantflow could not complete the request";
        return ProblemHandler.problem(refusal, detail);
    }

    /** The refusal the servlet container (or Tomcat itself) made, by its status. */
    static Refusal refusalFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> Refusal.INVALID_REQUEST;
            case UNAUTHORIZED -> Refusal.UNAUTHORIZED;
            case FORBIDDEN -> Refusal.FORBIDDEN;
            case NOT_FOUND -> Refusal.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> Refusal.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> Refusal.NOT_ACCEPTABLE;
            case PAYLOAD_TOO_LARGE, REQUEST_HEADER_FIELDS_TOO_LARGE -> Refusal.PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> Refusal.UNSUPPORTED_MEDIA_TYPE;
            case TOO_MANY_REQUESTS -> Refusal.RATE_LIMITED;
            default -> status.is4xxClientError() ? Refusal.INVALID_REQUEST : Refusal.INTERNAL_ERROR;
        };
    }
}
