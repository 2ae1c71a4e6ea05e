package io.grantflow.account;

import io.grantflow.shared.GroupRoles;

import java.util.List;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The account of the request's signed-in caller: the one its credential names (an API token, a provider's access token),
 * else the person's membership. A caller in a customer group without an account is bound to {@link #NO_ACCOUNT} and
 * sees nothing. Nobody signed in (the engine's jobs, the edge's endpoints, start-up) is the vendor's own work.
 */
@Component
@RequiredArgsConstructor
class SignedInCaller implements CallerAccount {

    /** No account has this id: a customer whose account is unknown is bound to it, so every check fails closed. */
    static final String NO_ACCOUNT = "";

    private final AccountMembers members;

    @Override
    public Optional<String> boundAccount() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        List<String> authorities = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        for (String a : authorities) {
            if (a.startsWith(AccountRoles.ACCOUNT_AUTHORITY)) {
                return Optional.of(a.substring(AccountRoles.ACCOUNT_AUTHORITY.length()));
            }
        }
        // one membership read per request, however many objects it loads (a membership change counts from the next)
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String key = SignedInCaller.class.getName() + ".account." + auth.getName();
        if (request != null && request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof Optional<?> known) {
            return known.map(String.class::cast);
        }
        Optional<String> account = membership(auth);
        if (request != null) {
            request.setAttribute(key, account, RequestAttributes.SCOPE_REQUEST);
        }
        return account;
    }

    private Optional<String> membership(Authentication auth) {
        Optional<String> member = members.accountOf(auth.getName());
        if (member.isPresent()) {
            return member;
        }
        boolean customer = GroupRoles.groups(auth).stream().anyMatch(AccountRoles.CUSTOMER_GROUPS::contains);
        return customer ? Optional.of(NO_ACCOUNT) : Optional.empty();
    }
}
