package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error leaves as RFC 7807 {@code application/problem+json} with a stable {@code code}. Nothing of
 * the inside (stack, SQL, class names) reaches a client; unexpected failures are logged with an id the
 * client can quote.
 */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    public static ResponseEntity<ProblemDetail> problem(Refusal refusal, String detail) {
        return problem(refusal.status(), refusal.code(), detail);
    }

    /** A refusal as a problem document: the catalogue's title for a code it holds, the status's words for one received from elsewhere. */
    public static ResponseEntity<ProblemDetail> problem(GrantflowException refusal) {
        return problem(refusal.status(), refusal.code(), refusal.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(int status, String code, String detail) {
        HttpStatus httpStatus = HttpStatus.valueOf(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(httpStatus, detail);
        problem.setType(URI.create("https://grantflow.io/problems/" + code));
        Refusal entry = Refusal.of(code);
        problem.setTitle(entry == null ? httpStatus.getReasonPhrase() : entry.title());
        problem.setProperty("code", code);
        return ResponseEntity.status(httpStatus).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * A person's browser asking for a page (the home page, the desk, the phone pages) that is not there, or not theirs,
     * reads the not-found page; every other client reads the problem document.
     */
    private static Optional<ModelAndView> notFoundPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        boolean page = path.equals("/") || path.startsWith("/desk/") || path.startsWith("/m/");
        if (!page || accept == null || !accept.contains(MediaType.TEXT_HTML_VALUE)) {
            return Optional.empty();
        }
        ModelAndView view = new ModelAndView("desk/not-found");
        view.setStatus(HttpStatus.NOT_FOUND);
        return Optional.of(view);
    }

    @ExceptionHandler(GrantflowException.class)
    Object grantflow(GrantflowException e, HttpServletRequest request) {
        if (e.status() == HttpStatus.NOT_FOUND.value()) {
            Optional<ModelAndView> page = notFoundPage(request);
            if (page.isPresent()) {
                return page.get();
            }
        }
        ResponseEntity<ProblemDetail> answer = problem(e);
        if (e.status() != HttpStatus.UNAUTHORIZED.value()) {
            return answer;
        }
        // The one 401 Grantflow answers itself is a call-in's bearer token (logins are Spring Security's): RFC 6750 §3
        // wants the challenge, with invalid_token when a token was sent and refused.
        String challenge = Refusal.UNAUTHORIZED.code().equals(e.code()) ? "Bearer realm=\"grantflow\"" : "Bearer realm=\"grantflow\", error=\"invalid_token\"";
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header("WWW-Authenticate", challenge)
                .body(answer.getBody());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(Refusal.INVALID_REQUEST, detail.isEmpty() ? "The request is invalid" : detail);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
        return problem(Refusal.INVALID_REQUEST, "A parameter is invalid");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Optional<String> count = ExactNumbers.notAnInteger(e.getCause());
        if (count.isPresent()) {
            return problem(Refusal.INVALID_REQUEST, count.get() + ": must be a whole number, written as a JSON integer (no fraction, no quotes) within range");
        }
        return problem(Refusal.MALFORMED_BODY, "The request body is missing, is not valid JSON, or has fields of the wrong type or name");
    }

    @ExceptionHandler({MissingRequestHeaderException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return problem(Refusal.INVALID_REQUEST, "A header or parameter is missing or malformed");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(Refusal.UNSUPPORTED_MEDIA_TYPE, "Content type not supported here; supported: " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(Refusal.NOT_ACCEPTABLE, "No representation matches the Accept header");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        ResponseEntity<ProblemDetail> answer = problem(Refusal.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods());
        // RFC 9110 §15.5.6: a 405 names the methods the resource has
        return e.getSupportedHttpMethods() == null ? answer
                : ResponseEntity.status(answer.getStatusCode()).headers(h -> h.setAllow(e.getSupportedHttpMethods()))
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(answer.getBody());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object noResource(NoResourceFoundException e, HttpServletRequest request) {
        return notFoundPage(request).<Object>map(page -> page).orElseGet(() -> problem(Refusal.NOT_FOUND, "No such resource"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return problem(Refusal.PAYLOAD_TOO_LARGE, "The request body is too large");
    }

    /**
     * Spring Security's firewall checks header values when they are read (a control character, or bytes that were
     * UTF-8 read as ISO-8859-1 into C1 controls): a client's mistake, not a failure of Grantflow's.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e, HttpServletRequest request) {
        log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return problem(Refusal.INVALID_REQUEST, "A header holds characters that are not allowed (control characters, or text beyond ISO-8859-1)");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return problem(Refusal.FORBIDDEN, "Your groups may not do this");
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
        return problem(Refusal.UNAUTHORIZED, "Authentication is required");
    }

    /** Two writers raced for one row; the loser changed nothing and may retry. */
    @ExceptionHandler({OptimisticLockingException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> concurrent(RuntimeException e) {
        return problem(Refusal.CONCURRENT_MODIFICATION, "Another request changed the same data at the same time; nothing was changed, retry");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        log.warn("Integrity violation on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMostSpecificCause().getMessage());
        return problem(Refusal.CONFLICT, "The request conflicts with the current state; nothing was changed");
    }

    /** Spring refuses a wildcard Content-Type ({@code *}{@code /*}) with a bare IllegalArgumentException: the client's fault. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        if (!concreteContentType(request.getContentType())) {
            return problem(Refusal.UNSUPPORTED_MEDIA_TYPE, "Content-Type must name one media type, not " + request.getContentType());
        }
        return unexpected(e, request);
    }

    private static boolean concreteContentType(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        String incident = java.util.UUID.randomUUID().toString();
        log.error("Unexpected failure {} on {} {}", incident, request.getMethod(), request.getRequestURI(), e);
        return problem(Refusal.INTERNAL_ERROR, "Grantflow could not complete the request; quote " + incident + " to the administrator");
    }
}
