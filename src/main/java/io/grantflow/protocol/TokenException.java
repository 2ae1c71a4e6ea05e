package io.grantflow.protocol;

/** A token refused, with the stable code of the reason. Nothing changes state on a refused token. */
public class TokenException extends GrantflowException {

    public TokenException(Refusal reason, String detail) {
        super(reason, detail);
    }

    public static TokenException malformed(String detail) {
        return new TokenException(Refusal.TOKEN_MALFORMED, detail);
    }
}
