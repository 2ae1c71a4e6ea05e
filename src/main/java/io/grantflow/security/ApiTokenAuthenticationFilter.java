package io.grantflow.security;

import io.grantflow.shared.GroupRoles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.protocol.GrantflowException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer gft_…} on Grantflow's API: the caller is the token's client, with the token's one group.
 * A bad, expired or revoked token is refused here (401 with its code and an RFC 6750 challenge), before anything runs.
 * Other bearers (the edge's call-in JWT) are not this filter's business, nor is the engine's own door, except that an
 * account's token is known there too: so that the door answers it as it answers any customer ({@link CustomerDoors}).
 */
class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final ObjectMapper json;

    ApiTokenAuthenticationFilter(ApiTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/v1/edge/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bearer = bearer(request.getHeader("Authorization"));
        if (bearer == null || !ApiTokens.looksLikeApiToken(bearer)) {
            chain.doFilter(request, response);
            return;
        }
        boolean engineDoor = request.getRequestURI().substring(request.getContextPath().length()).startsWith("/engine-rest");
        ApiToken token;
        try {
            token = tokens.authenticate(bearer);
        } catch (GrantflowException refused) {
            if (engineDoor) {
                chain.doFilter(request, response);
                return;
            }
            response.setHeader("WWW-Authenticate", "Bearer realm=\"grantflow\", error=\"invalid_token\"");
            ProblemAuthenticationHandlers.write(json, response, refused.refusal(), refused.getMessage());
            return;
        }
        if (engineDoor && token.accountId() == null) {
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        List<GrantedAuthority> authorities = token.accountId() == null
                ? List.of(GroupRoles.role(token.group()))
                : List.of(GroupRoles.role(token.group()),
                        new SimpleGrantedAuthority(io.grantflow.account.AccountRoles.ACCOUNT_AUTHORITY + token.accountId()));
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(token.actor(), null, authorities));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** The credential of a Bearer authorization (the scheme is case-insensitive, RFC 9110 §11.1), else null. */
    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }
}
