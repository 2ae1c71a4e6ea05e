package io.grantflow.tokens;

import io.grantflow.shared.GrantflowException;
import org.springframework.http.HttpStatus;

/** A token refused, with the api.md code of the reason. Nothing changes state on a refused token. */
public class TokenException extends GrantflowException {

    public TokenException(String code, String detail) {
        super(HttpStatus.BAD_REQUEST, code, detail);
    }

    static TokenException malformed(String detail) {
        return new TokenException("token-malformed", detail);
    }
}
