package io.grantflow.shared;

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
        String code = codeFor(status);
        String detail = status.is4xxClientError() ? "The request was refused: " + status.getReasonPhrase()
                : "Grantflow could not complete the request";
        return ProblemHandler.problem(status, code, detail);
    }

    /** The code of a refusal the servlet container (or Tomcat itself) made, by its status. */
    static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid-request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case PAYLOAD_TOO_LARGE, REQUEST_HEADER_FIELDS_TOO_LARGE -> "payload-too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case TOO_MANY_REQUESTS -> "rate-limited";
            default -> status.is4xxClientError() ? "invalid-request" : "internal-error";
        };
    }
}
