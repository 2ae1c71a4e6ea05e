package io.grantflow.protocol;

/**
 * A refusal with a stable, kebab-case code from the {@link Refusal} catalogue: the same code is the REST problem's, the
 * audit trail's and what the edge agent reports, so clients and auditors can rely on it; the detail is prose for people.
 * The status is the HTTP status the server answers it with; kept as a number so the agent, which has no web stack, can
 * share the type.
 */
public class GrantflowException extends RuntimeException {

    private final int status;
    private final String code;

    public GrantflowException(Refusal refusal, String detail) {
        this(refusal.status(), refusal.code(), detail);
    }

    /** A refusal answered with another status than its usual one (a call-in's bad bearer token is a failed login: 401). */
    public GrantflowException(Refusal refusal, int status, String detail) {
        this(status, refusal.code(), detail);
    }

    private GrantflowException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    /** A problem another Grantflow answered, as it came: its code may be one this version does not know. */
    public static GrantflowException received(int status, String code, String detail) {
        return new GrantflowException(status, code, detail);
    }

    /** The HTTP status of the problem this refusal is answered with. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The catalogue's entry for this refusal; null for a received code this version does not know. */
    public Refusal refusal() {
        return Refusal.of(code);
    }

    public static GrantflowException notFound(String what, String id) {
        return Refusal.NOT_FOUND.exception(what + " '" + id + "' does not exist");
    }
}
