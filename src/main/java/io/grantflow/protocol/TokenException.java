package io.grantflow.protocol;

/** A token refused, with the stable code of the reason. Nothing changes state on a refused token. */
public class TokenException extends GrantflowException {

    public TokenException(String code, String detail) {
        super(400, code, detail);
    }

    public static TokenException malformed(String detail) {
        return new TokenException("token-malformed", detail);
    }
}
