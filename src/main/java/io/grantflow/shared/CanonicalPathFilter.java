package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A path has one spelling: double slashes, dot segments, path parameters ({@code ;x=1}), backslashes and percent
 * encodings of characters that need none (letters, digits, {@code -._~}) or that change a path's meaning (slash,
 * backslash, dot, percent, semicolon, control characters) are refused with {@code 400 invalid-request} before anything
 * else reads the request. Otherwise the container maps {@code //engine-rest/user} to the engine's servlet, which then
 * fails on the unnormalised path with a 500 and an ERROR stack trace, while a rule written for {@code /engine-rest/**}
 * may not see it at all. One DEBUG line per refusal: it is a client's mistake.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CanonicalPathFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CanonicalPathFilter.class);

    private final ObjectMapper json;

    CanonicalPathFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String why = oddness(request.getRequestURI());
        if (why == null) {
            chain.doFilter(request, response);
            return;
        }
        log.debug("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), why);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ProblemHandler.problem(Refusal.INVALID_REQUEST, "The path is not in its plain form (" + why + "); send the canonical path").getBody());
    }

    /** Why the raw (undecoded) request path is not canonical, or null when it is. */
    static String oddness(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        if (rawPath.contains("//")) {
            return "double slash";
        }
        if (rawPath.indexOf(';') >= 0) {
            return "path parameter";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "backslash";
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment";
            }
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length()) {
                return "broken percent encoding";
            }
            int value;
            try {
                value = Integer.parseInt(rawPath.substring(i + 1, i + 3), 16);
            } catch (NumberFormatException e) {
                return "broken percent encoding";
            }
            if (needsNoEncoding(value)) {
                return "needless percent encoding of '" + (char) value + "'";
            }
            if (value < 0x20 || value == 0x7F || "/\\.%;".indexOf(value) >= 0) {
                return "encoded " + String.format(Locale.ROOT, "%%%02X", value);
            }
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return "character outside printable ASCII";
            }
        }
        return null;
    }

    private static boolean needsNoEncoding(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~';
    }
}
