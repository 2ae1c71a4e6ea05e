package io.grantflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A person signs in with the company's OpenID Connect provider; the webapps (Tasklist, Cockpit, Admin), the desk and the
 * auditor page then share that one session. On each sign-in the person becomes (or stays) a Camunda user whose
 * memberships in Grantflow's four groups are those the provider's groups claim names, so Camunda's authorizations,
 * the webapps' own authentication cache and Grantflow's rules all see the same groups; then the webapps' session entry is
 * written as their own login would. The person has no password in Grantflow (a random one nobody knows).
 */
final class ProviderSignIn {

    static final String REGISTRATION = "oidc";
    /** Where a browser goes to sign in (Spring Security's authorization request endpoint for the registration). */
    static final String SIGN_IN = "/oauth2/authorization/" + REGISTRATION;

    private static final Logger log = LoggerFactory.getLogger(ProviderSignIn.class);
    /** Camunda user ids Grantflow accepts from a provider (the engine's whitelist is set to the same). */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecuritySettings.Oidc oidc;
    private final ProviderTokens claims;
    private final IdentityService identity;
    private final String engine;

    ProviderSignIn(SecuritySettings.Oidc oidc, IdentityService identity, String engine) {
        this.oidc = oidc;
        this.claims = new ProviderTokens(oidc);
        this.identity = identity;
        this.engine = engine;
    }

    /** The provider as a client registration, from its discovery document (read once, at start). */
    ClientRegistration registration() {
        return ClientRegistrations.fromIssuerLocation(oidc.issuerUri()).registrationId(REGISTRATION)
                .clientId(oidc.clientId()).clientSecret(oidc.clientSecret()).scope(oidc.scopes()).build();
    }

    /** After the provider's answer: the Camunda user and memberships brought in line, the webapps' session written. */
    AuthenticationSuccessHandler success(String landing) {
        SavedRequestAwareAuthenticationSuccessHandler next = new SavedRequestAwareAuthenticationSuccessHandler();
        next.setDefaultTargetUrl(landing);
        return (request, response, authentication) -> {
            OidcUser person = (OidcUser) authentication.getPrincipal();
            String userId = userId(person);
            List<String> groups = claims.groups(person.getClaims());
            provision(userId, person, groups);
            UserAuthentication camunda = AuthenticationUtil.createAuthentication(engine, userId, groups, List.of());
            HttpSession session = request.getSession();
            Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
            auths.addOrReplace(camunda);
            AuthenticationUtil.updateSession(session, auths);
            log.info("{} signed in through the identity provider with groups {}", userId, groups);
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    String userId(OidcUser person) {
        Object claimed = person.getClaims().get(oidc.userNameClaim());
        String userId = claimed == null ? person.getSubject() : claimed.toString();
        if (!USER_ID.matcher(userId).matches()) {
            throw new org.springframework.security.oauth2.core.OAuth2AuthenticationException(
                    new org.springframework.security.oauth2.core.OAuth2Error("invalid_user_name",
                            "The provider's " + oidc.userNameClaim() + " is not a user id Grantflow accepts: " + USER_ID.pattern(), null));
        }
        return userId;
    }

    /** The person as a Camunda user with exactly the Grantflow groups the provider names today. */
    private void provision(String userId, OidcUser person, List<String> groups) {
        User user = identity.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            user = identity.newUser(userId);
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            user.setPassword(Base64.getEncoder().encodeToString(secret));
        }
        user.setFirstName(person.getGivenName());
        user.setLastName(person.getFamilyName());
        user.setEmail(person.getEmail());
        identity.saveUser(user);
        for (String group : ProviderTokens.GRANTFLOW_GROUPS) {
            boolean member = identity.createUserQuery().userId(userId).memberOfGroup(group).count() > 0;
            if (groups.contains(group) && !member) {
                identity.createMembership(userId, group);
            } else if (!groups.contains(group) && member) {
                identity.deleteMembership(userId, group);
            }
        }
    }

    /**
     * Signing out of the webapps removes their session entry; the provider's sign-in must not outlive it, or the next page
     * would show the webapps' password form to a person who has no password. Without the entry, the session ends here
     * and the next page goes to the provider again.
     */
    OncePerRequestFilter signedOutOfTheWebapps() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                HttpSession session = request.getSession(false);
                if (auth instanceof OAuth2AuthenticationToken && session != null) {
                    Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
                    if (auths == null || auths.getAuthenticationForProcessEngine(engine) == null) {
                        SecurityContextHolder.clearContext();
                        session.invalidate();
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }
}
