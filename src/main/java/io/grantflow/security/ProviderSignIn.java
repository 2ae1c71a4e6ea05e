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
 * auditor page then share that one session. The person is who the provider says they are, its issuer and {@code sub}:
 * on each sign-in they become (or stay) the Camunda user {@link ProviderPeople#userId named after those}, never a
 * local user of the same name, with memberships in Grantflow's four groups as the provider's mapped groups say, so
 * Camunda's authorizations, the webapps' own authentication cache and Grantflow's rules (four-eyes) all see the same
 * person and groups; then the webapps' session entry is written as their own login would. The person has no password
 * in Grantflow (a random one nobody knows).
 */
final class ProviderSignIn {

    static final String REGISTRATION = "oidc";
    /** Where a browser goes to sign in (Spring Security's authorization request endpoint for the registration). */
    static final String SIGN_IN = "/oauth2/authorization/" + REGISTRATION;

    private static final Logger log = LoggerFactory.getLogger(ProviderSignIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecuritySettings.Oidc oidc;
    private final ProviderTokens claims;
    private final IdentityService identity;
    private final String engine;
    private final io.grantflow.account.AccountMembers members;

    ProviderSignIn(SecuritySettings.Oidc oidc, IdentityService identity, String engine, io.grantflow.account.AccountMembers members) {
        this.oidc = oidc;
        this.members = members;
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
            // the account claim decides, at every sign-in, whose the person is (none: the vendor's staff)
            claims.account(person.getClaims()).ifPresentOrElse(account -> members.join(userId, account), () -> members.leave(userId));
            UserAuthentication camunda = AuthenticationUtil.createAuthentication(engine, userId, groups, List.of());
            HttpSession session = request.getSession();
            Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
            auths.addOrReplace(camunda);
            AuthenticationUtil.updateSession(session, auths);
            log.info("{} signed in through the identity provider with groups {}", userId, groups);
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** The person's Grantflow user: their issuer and subject, whatever name they go by today. */
    String userId(OidcUser person) {
        String issuer = person.getClaimAsString("iss");
        String subject = person.getSubject();
        if (issuer == null || subject == null || subject.isBlank()) {
            throw new org.springframework.security.oauth2.core.OAuth2AuthenticationException(
                    new org.springframework.security.oauth2.core.OAuth2Error("invalid_id_token", "The ID token names no issuer or subject", null));
        }
        return ProviderPeople.userId(issuer, subject);
    }

    /** The person as a Camunda user with exactly the Grantflow groups the provider names today, and the name it shows. */
    private void provision(String userId, OidcUser person, List<String> groups) {
        User user = identity.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            user = identity.newUser(userId);
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            user.setPassword(Base64.getEncoder().encodeToString(secret));
        }
        Object shownName = person.getClaims().get(oidc.userNameClaim());
        String given = person.getGivenName();
        user.setFirstName(given != null ? given : person.getFullName() != null ? person.getFullName()
                : shownName != null ? shownName.toString() : person.getSubject());
        user.setLastName(given != null ? person.getFamilyName() : null);
        user.setEmail(person.getEmail());
        ProviderPeople.save(identity, user);
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
