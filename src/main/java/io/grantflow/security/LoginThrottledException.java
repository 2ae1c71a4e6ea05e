package io.grantflow.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Too many failed logins from this address or for this user name; answered {@code 429 rate-limited}. */
class LoginThrottledException extends AuthenticationException {

    private final transient Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super("Too many failed logins; retry after " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
