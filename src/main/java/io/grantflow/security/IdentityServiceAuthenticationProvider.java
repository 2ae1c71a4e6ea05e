package io.grantflow.security;

import lombok.RequiredArgsConstructor;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * HTTP Basic against Camunda's identity service; the user's groups become roles ({@code ROLE_operators}). Failed
 * logins are counted per client address and user name ({@link LoginThrottle}); beyond the limit the password is
 * not even checked.
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
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Duration wait = throttle.retryAfter(address, user);
        if (!wait.isZero()) {
            throw new LoginThrottledException(wait);
        }
        if (user == null || user.isBlank() || credentials == null
                || !identityService.checkPassword(user, credentials.toString())) {
            throttle.failed(address, user);
            throw new BadCredentialsException("Bad credentials");
        }
        List<SimpleGrantedAuthority> roles = identityService.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId)
                .map(group -> new SimpleGrantedAuthority("ROLE_" + group))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, roles);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
