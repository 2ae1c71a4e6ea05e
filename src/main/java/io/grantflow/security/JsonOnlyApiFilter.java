package io.grantflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Grantflow's API takes JSON (and {@code application/jwt} where a token is the body), never what an HTML form or a
 * no-cors fetch can send without a CORS preflight: a write to {@code /api} as {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data} or {@code text/plain} is {@code 415 unsupported-media-type}, also on endpoints that read
 * no body at all (disconnect, download), which would otherwise ignore the content type.
 */
class JsonOnlyApiFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    // the path as the security rules match it, whatever the raw URI looks like
    private static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

    private final ObjectMapper json;

    JsonOnlyApiFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod())
                || !API.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && FORM_TYPES.contains(contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))) {
            ProblemAuthenticationHandlers.write(json, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Grantflow's API takes application/json (or application/jwt where a token is the body)");
            return;
        }
        chain.doFilter(request, response);
    }
}
