package io.grantflow.edge.agent;

/** A refusal of the agent: one line {@code error: <code>: <detail>} and a non-zero exit (2 for usage errors). */
final class AgentException extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final String code;
    private final int exitCode;

    AgentException(String code, String detail) {
        this(code, detail, FAILED);
    }

    AgentException(String code, String detail, int exitCode) {
        super(detail);
        this.code = code;
        this.exitCode = exitCode;
    }

    static AgentException usage(String detail) {
        return new AgentException("usage", detail, USAGE);
    }

    String code() {
        return code;
    }

    int exitCode() {
        return exitCode;
    }
}
