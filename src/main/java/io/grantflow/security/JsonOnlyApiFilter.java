package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Grantflow's API takes JSON (and {@code application/jwt} where a token is the body) and nothing else: a write to
 * {@code /api} with any other content type (a form, {@code text/plain}, YAML, XML, CBOR, ...) is {@code 415
 * unsupported-media-type} before anything reads it, also on endpoints that read no body at all (disconnect,
 * download), which would otherwise ignore the content type. Only JSON is read with the API's strict rules (exact
 * numbers, no duplicate keys, no unknown fields); which endpoints take a token body their {@code consumes} says.
 */
class JsonOnlyApiFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final MediaType JWT = MediaType.parseMediaType("application/jwt");

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
        if (contentType != null && !json(contentType)) {
            ProblemAuthenticationHandlers.write(json, response, Refusal.UNSUPPORTED_MEDIA_TYPE, "Grantflow's API takes application/json (or application/jwt where a token is the body)");
            return;
        }
        chain.doFilter(request, response);
    }

    /** application/json or application/jwt, with any parameters (charset). */
    private static boolean json(String contentType) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
        return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || JWT.equalsTypeAndSubtype(type);
    }
}
