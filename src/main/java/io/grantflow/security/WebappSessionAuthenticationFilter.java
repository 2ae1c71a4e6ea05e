package io.grantflow.security;

import io.grantflow.shared.GroupRoles;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.web.util.matcher.RequestMatcher;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The desk's pages use the operator's Tasklist login: the user and groups the Camunda webapps keep in the session
 * become this request's Spring user (groups as roles), so one login serves Tasklist and the desk, and a logout
 * there ends both. Nothing is written back to the session.
 */
class WebappSessionAuthenticationFilter extends OncePerRequestFilter {

    private final String engine;
    /** The requests this filter serves; null: all that reach it. */
    private final RequestMatcher only;

    WebappSessionAuthenticationFilter(String engine, RequestMatcher only) {
        this.engine = engine;
        this.only = only;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // a request that names its own credentials is judged by them alone
        return only != null && (!only.matches(request) || request.getHeader("Authorization") != null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentications auths = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        org.camunda.bpm.webapp.impl.security.auth.Authentication auth = auths == null ? null : auths.getAuthenticationForProcessEngine(engine);
        if (!(auth instanceof UserAuthentication user)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.getName(), null,
                GroupRoles.roles(groups)));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
