package io.grantflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
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
 * mapped to Grantflow's groups (only those four count), and for {@code /api} its client-credentials access tokens,
 * checked against the provider's keys, issuer, lifetime and Grantflow's audience.
 */
final class ProviderTokens {

    static final List<String> GRANTFLOW_GROUPS = List.of(Groups.OPERATORS, Groups.INTEGRATORS, Groups.AUDITORS, Groups.ADMINS);
    private static final String WRONG_AUDIENCE = "wrong_audience";

    private final SecuritySettings.Oidc oidc;

    ProviderTokens(SecuritySettings.Oidc oidc) {
        this.oidc = oidc;
    }

    /** The Grantflow groups a set of claims names, through the configured mapping; other groups are ignored. */
    List<String> groups(Map<String, Object> claims) {
        Object value = claims.get(oidc.groupsClaim());
        Collection<?> names = value instanceof Collection<?> c ? c : value instanceof String s ? List.of(s.split("[,\\s]+")) : List.of();
        return names.stream().map(String::valueOf)
                .map(name -> name.startsWith("/") && !oidc.groupMapping().containsKey(name) ? name.substring(1) : name)
                .map(name -> oidc.groupMapping().getOrDefault(name, name))
                .filter(GRANTFLOW_GROUPS::contains).distinct().toList();
    }

    /** The provider's access tokens: its keys (fetched from its JWKS on first use), its issuer, unexpired, for Grantflow. */
    JwtDecoder accessTokenDecoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(oidc.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(WRONG_AUDIENCE, "The access token is not for audience " + oidc.audience(), null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(oidc.issuerUri()), audience));
        return decoder;
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
        List<GrantedAuthority> roles = groups(jwt.getClaims()).stream()
                .map(g -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + g)).toList();
        return new JwtAuthenticationToken(jwt, roles, ApiTokens.ACTOR_PREFIX + client);
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
                ProblemAuthenticationHandlers.write(json, response, HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
                        "The identity provider's keys cannot be read now; try again later");
                return;
            }
            String code = code(refused);
            if (code == null) {
                otherwise.commence(request, response, refused);
                return;
            }
            response.setHeader("WWW-Authenticate", "Bearer realm=\"grantflow\", error=\"invalid_token\"");
            ProblemAuthenticationHandlers.write(json, response, HttpStatus.UNAUTHORIZED, code, switch (code) {
                case "access-token-expired" -> "The access token has expired";
                case "access-token-wrong-audience" -> "The access token is not for Grantflow (aud)";
                default -> "The access token is not one the identity provider signed for Grantflow";
            });
        };
    }

    private static String code(AuthenticationException refused) {
        if (!(refused instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException)) {
            return null;
        }
        for (Throwable t = refused; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException invalid) {
                for (OAuth2Error error : invalid.getErrors()) {
                    if (WRONG_AUDIENCE.equals(error.getErrorCode())) {
                        return "access-token-wrong-audience";
                    }
                    if (error.getDescription() != null && error.getDescription().contains("expired")) {
                        return "access-token-expired";
                    }
                }
            }
        }
        return "access-token-invalid";
    }
}
