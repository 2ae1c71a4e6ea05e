package io.grantflow.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** What {@link LoginThrottle} needs of an HTTP Basic request: the client address as it counts it, and the device cookie. */
class LoginAttemptDetails extends WebAuthenticationDetails {

    private final String address;
    private final transient String deviceCookie;

    LoginAttemptDetails(HttpServletRequest request) {
        super(request);
        this.address = LoginThrottle.clientAddress(request);
        this.deviceCookie = DeviceCookies.presented(request);
    }

    String address() {
        return address;
    }

    String deviceCookie() {
        return deviceCookie;
    }
}
