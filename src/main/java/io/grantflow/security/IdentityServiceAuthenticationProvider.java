package io.grantflow.security;

import io.grantflow.shared.GroupRoles;

import lombok.RequiredArgsConstructor;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic against Camunda's identity service; the user's groups become roles ({@code ROLE_operators}). Failed
 * logins are counted by {@link LoginThrottle}; beyond its limits the password is not even checked. The attempt's
 * client address and device cookie come with the request ({@link LoginAttemptDetails}).
 */
@Component
@RequiredArgsConstructor
class IdentityServiceAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identityService;
    private final LoginThrottle throttle;

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object credentials = authentication.getCredentials();
        LoginThrottle.Attempt attempt = authentication.getDetails() instanceof LoginAttemptDetails details
                ? new LoginThrottle.Attempt(details.address(), user, details.deviceCookie())
                : new LoginThrottle.Attempt("", user, null);
        Duration wait = throttle.retryAfter(attempt);
        if (!wait.isZero()) {
            throw new LoginThrottledException(wait);
        }
        if (user == null || user.isBlank() || credentials == null
                || !identityService.checkPassword(user, credentials.toString())) {
            throttle.failed(attempt);
            throw new BadCredentialsException("Bad credentials");
        }
        List<GrantedAuthority> roles = GroupRoles.roles(identityService.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId).toList());
        return UsernamePasswordAuthenticationToken.authenticated(user, null, roles);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
