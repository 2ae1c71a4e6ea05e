package io.grantflow.security;

import io.grantflow.shared.GroupRoles;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * What the company's OpenID Connect provider says about a person or a client, in Grantflow's terms: its groups claim
 * through the configured mapping (only mapped names count), and for {@code /api} its access tokens, checked against
 * the provider's keys, issuer, lifetime and Grantflow's audience, and told apart from the ID tokens of people's sign-ins.
 */
final class ProviderTokens {

    static final List<String> GRANTFLOW_GROUPS = List.of(Groups.OPERATORS, Groups.INTEGRATORS, Groups.AUDITORS, Groups.ADMINS,
            Groups.CUSTOMER_ADMINS, Groups.CUSTOMER_VIEWERS);
    private static final String WRONG_AUDIENCE = "wrong_audience";
    private static final String NO_EXPIRY = "no_expiry";
    private static final String ID_TOKEN = "id_token";
    /** JOSE {@code typ} of an access token: RFC 9068's, or the plain JWT most providers send (or none). */
    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    /** Claims only an ID token carries (OpenID Connect Core §2, §3.1.3.6, §3.3.2.11). */
    private static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash");

    private final SecuritySettings.Oidc oidc;

    /** Refuses a configuration under which a person's ID token would pass for an access token, or a mapping to no Grantflow group. */
    ProviderTokens(SecuritySettings.Oidc oidc) {
        this.oidc = oidc;
        if (oidc.enabled() && oidc.audience() != null && oidc.audience().equals(oidc.clientId())) {
            throw new IllegalStateException("grantflow.security.oidc.audience must differ from client-id (" + oidc.clientId()
                    + "): an ID token is issued for the web client's id, and it must never pass for an access token at /api."
                    + " Give machines' access tokens an audience of their own (e.g. grantflow-api)");
        }
        oidc.groupMapping().forEach((from, to) -> {
            if (!GRANTFLOW_GROUPS.contains(to)) {
                throw new IllegalStateException("grantflow.security.oidc.group-mapping." + from + " maps to " + to
                        + ", which is none of Grantflow's groups " + GRANTFLOW_GROUPS);
            }
        });
    }

    /**
     * The Grantflow groups a set of claims names: only names the mapping has (a Keycloak path's leading {@code /} may be
     * left off in the mapping); every other name, a Grantflow group's own included, counts for nothing. The claim is a
     * JSON array of names; a single string is one name, never split.
     */
    List<String> groups(Map<String, Object> claims) {
        Object value = claims.get(oidc.groupsClaim());
        Collection<?> names = value instanceof Collection<?> c ? c : value instanceof String s ? List.of(s) : List.of();
        Map<String, String> mapping = oidc.groupMapping();
        return names.stream().filter(String.class::isInstance).map(String.class::cast)
                .map(name -> mapping.containsKey(name) ? mapping.get(name)
                        : name.startsWith("/") ? mapping.get(name.substring(1)) : null)
                .filter(group -> group != null && GRANTFLOW_GROUPS.contains(group)).distinct().toList();
    }

    /**
     * The provider's access tokens: its keys (fetched from its JWKS on first use), its issuer, an {@code exp} not past,
     * for Grantflow's audience, typed {@code at+jwt}, {@code JWT} or not at all, and no ID token.
     */
    JwtDecoder accessTokenDecoder() {
        // the type is checked below: the default takes JWT only and refuses RFC 9068's at+jwt
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).validateType(false).build();
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(oidc.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(WRONG_AUDIENCE, "The access token is not for audience " + oidc.audience(), null));
        // the default checks exp only when present: a token without one would be good forever
        OAuth2TokenValidator<Jwt> expiry = jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(NO_EXPIRY, "The access token has no exp", null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(oidc.issuerUri()),
                this::accessTokenNotIdToken, expiry, audience));
        return decoder;
    }

    /**
     * An ID token is always for the client a person signed in through ({@code aud} names it) and may carry claims no
     * access token has; either way it is not an access token, whatever else it says.
     */
    private OAuth2TokenValidatorResult accessTokenNotIdToken(Jwt jwt) {
        Object typ = jwt.getHeaders().get("typ");
        boolean typed = typ == null || ACCESS_TOKEN_TYPES.contains(typ.toString().toLowerCase(Locale.ROOT));
        boolean forWebClient = oidc.clientId() != null && jwt.getAudience() != null && jwt.getAudience().contains(oidc.clientId());
        boolean idClaims = ID_TOKEN_CLAIMS.stream().anyMatch(jwt::hasClaim) || "ID".equals(jwt.getClaimAsString("typ"));
        return typed && !forWebClient && !idClaims ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(ID_TOKEN, "An ID token (or a token of type " + typ
                        + ") is not an access token", null));
    }

    /** Checks a provider's access token and makes it the caller ({@link #machine}). */
    org.springframework.security.authentication.AuthenticationManager authenticationManager() {
        var jwts = new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider(accessTokenDecoder());
        jwts.setJwtAuthenticationConverter(this::machine);
        return new org.springframework.security.authentication.ProviderManager(jwts);
    }

    /** A client-credentials token acts as {@code client:<client id>} with the groups its claim names. */
    AbstractAuthenticationToken machine(Jwt jwt) {
        String client = jwt.getClaimAsString("client_id");
        if (client == null) {
            client = jwt.getClaimAsString("azp");
        }
        if (client == null) {
            client = jwt.getSubject();
        }
        List<GrantedAuthority> roles = new java.util.ArrayList<>(groups(jwt.getClaims()).stream()
                .map(GroupRoles::role).toList());
        account(jwt.getClaims()).ifPresent(account -> roles.add(new SimpleGrantedAuthority(io.grantflow.account.AccountRoles.ACCOUNT_AUTHORITY + account)));
        return new JwtAuthenticationToken(jwt, roles, ApiTokens.ACTOR_PREFIX + client);
    }

    /** The account the configured claim names (a single non-blank string), if the claim is configured and present. */
    java.util.Optional<String> account(Map<String, Object> claims) {
        if (oidc.accountClaim() == null || oidc.accountClaim().isBlank()) {
            return java.util.Optional.empty();
        }
        return claims.get(oidc.accountClaim()) instanceof String s && !s.isBlank() ? java.util.Optional.of(s.strip()) : java.util.Optional.empty();
    }

    /**
     * The provider's bearer tokens only: Grantflow's own API tokens ({@code gft_…}) have their filter, and the edge's
     * call-in JWT is checked by its endpoint.
     */
    static BearerTokenResolver resolver() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return (HttpServletRequest request) -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith("/api/v1/edge/") || path.startsWith("/engine-rest")) {
                return null;
            }
            String token = standard.resolve(request);
            return token == null || ApiTokens.looksLikeApiToken(token) ? null : token;
        };
    }

    /** A refused access token: 401 with its code (expired, wrong audience, or not the provider's) and an RFC 6750 challenge. */
    static AuthenticationEntryPoint refusals(ObjectMapper json, AuthenticationEntryPoint otherwise) {
        return (request, response, refused) -> {
            if (refused instanceof org.springframework.security.authentication.AuthenticationServiceException) {
                // not the token's fault: the provider's keys could not be had
                LoggerFactory.getLogger(ProviderTokens.class).warn("An access token could not be checked: {}", refused.getMessage(), refused);
                ProblemAuthenticationHandlers.write(json, response, Refusal.IDENTITY_PROVIDER_UNAVAILABLE, "The identity provider's keys cannot be read now; try again later");
                return;
            }
            Refusal refusal = refusal(refused);
            if (refusal == null) {
                otherwise.commence(request, response, refused);
                return;
            }
            response.setHeader("WWW-Authenticate", "Bearer realm=\"grantflow\", error=\"invalid_token\"");
            ProblemAuthenticationHandlers.write(json, response, refusal, switch (refusal) {
                case ACCESS_TOKEN_EXPIRED -> "The access token has expired";
                case ACCESS_TOKEN_WRONG_AUDIENCE -> "The access token is not for Grantflow (aud)";
                case ACCESS_TOKEN_NOT_AN_ACCESS_TOKEN -> "An ID token (or another token than an access token) is not accepted at /api";
                case ACCESS_TOKEN_WITHOUT_EXPIRY -> "The access token has no expiry (exp)";
                default -> "The access token is not one the identity provider signed for Grantflow";
            });
        };
    }

    private static Refusal refusal(AuthenticationException refused) {
        if (!(refused instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException)) {
            return null;
        }
        for (Throwable t = refused; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException invalid) {
                for (OAuth2Error error : invalid.getErrors()) {
                    if (ID_TOKEN.equals(error.getErrorCode())) {
                        return Refusal.ACCESS_TOKEN_NOT_AN_ACCESS_TOKEN;
                    }
                    if (NO_EXPIRY.equals(error.getErrorCode())) {
                        return Refusal.ACCESS_TOKEN_WITHOUT_EXPIRY;
                    }
                    if (WRONG_AUDIENCE.equals(error.getErrorCode())) {
                        return Refusal.ACCESS_TOKEN_WRONG_AUDIENCE;
                    }
                    if (error.getDescription() != null && error.getDescription().contains("expired")) {
                        return Refusal.ACCESS_TOKEN_EXPIRED;
                    }
                }
            }
        }
        return Refusal.ACCESS_TOKEN_INVALID;
    }
}
