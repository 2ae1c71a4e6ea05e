package io.grantflow.shared;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A Camunda identity-service group is the Spring Security role of the same name: group {@code operators} is authority
 * {@code ROLE_operators}, whichever way the person or client signed in (password, session, API token, provider token).
 */
public final class GroupRoles {

    private static final String PREFIX = "ROLE_";

    private GroupRoles() {
    }

    public static GrantedAuthority role(String group) {
        return new SimpleGrantedAuthority(PREFIX + group);
    }

    public static List<GrantedAuthority> roles(Collection<String> groups) {
        return groups.stream().map(GroupRoles::role).toList();
    }

    /** The groups an authentication's roles name; none for nobody signed in. */
    public static List<String> groups(Authentication auth) {
        return auth == null ? List.of() : groups(auth.getAuthorities());
    }

    public static List<String> groups(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith(PREFIX))
                .map(a -> a.substring(PREFIX.length())).toList();
    }

    /** Whether the signed-in caller holds one of these groups. */
    public static boolean inAny(Authentication auth, String... groups) {
        List<String> held = groups(auth);
        for (String group : groups) {
            if (held.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
