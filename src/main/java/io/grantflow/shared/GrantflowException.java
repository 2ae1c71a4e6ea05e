package io.grantflow.shared;

import org.springframework.http.HttpStatus;

/**
 * A refusal with a stable, kebab-case code. The same code serves the REST problem, a BPMN error and the
 * audit trail, so clients and auditors can rely on it; the detail is prose for people.
 */
public class GrantflowException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public GrantflowException(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static GrantflowException notFound(String what, String id) {
        return new GrantflowException(HttpStatus.NOT_FOUND, "not-found", what + " '" + id + "' does not exist");
    }

    public static GrantflowException badRequest(String code, String detail) {
        return new GrantflowException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static GrantflowException conflict(String code, String detail) {
        return new GrantflowException(HttpStatus.CONFLICT, code, detail);
    }
}
