package io.grantflow.protocol;

/**
 * A refusal with a stable, kebab-case code: the same code is the REST problem's, the audit trail's and what
 * the edge agent reports, so clients and auditors can rely on it; the detail is prose for people. The status is the
 * HTTP status the server answers it with; kept as a number so the agent, which has no web stack, can share the type.
 */
public class GrantflowException extends RuntimeException {

    private final int status;
    private final String code;

    public GrantflowException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status of the problem this refusal is answered with. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static GrantflowException badRequest(String code, String detail) {
        return new GrantflowException(400, code, detail);
    }

    public static GrantflowException unauthorized(String code, String detail) {
        return new GrantflowException(401, code, detail);
    }

    public static GrantflowException forbidden(String code, String detail) {
        return new GrantflowException(403, code, detail);
    }

    public static GrantflowException notFound(String what, String id) {
        return new GrantflowException(404, "not-found", what + " '" + id + "' does not exist");
    }

    public static GrantflowException conflict(String code, String detail) {
        return new GrantflowException(409, code, detail);
    }
}
