package io.grantflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The webapps' login form ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}) goes through the same
 * {@link LoginThrottle} as HTTP Basic: a throttled attempt is {@code 429 rate-limited} before Camunda checks the
 * password, a {@code 401} from Camunda counts as a failure, and a {@code 200} gives the browser a device cookie for
 * that user ({@link DeviceCookies}). The answer is held until then, so the cookie can still be added.
 */
class WebappLoginThrottleFilter extends OncePerRequestFilter {

    /** A login form is a user name and a password; anything longer is no login and needs no parsing here. */
    private static final int MAX_FORM_BYTES = 8192;

    private final RequestMatcher login;
    private final LoginThrottle throttle;
    private final ObjectMapper json;

    WebappLoginThrottleFilter(String webappPath, LoginThrottle throttle, ObjectMapper json) {
        this.login = PathPatternRequestMatcher.withDefaults()
                .matcher(org.springframework.http.HttpMethod.POST, webappPath + "/api/admin/auth/user/*/login/*");
        this.throttle = throttle;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !login.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_FORM_BYTES + 1);
        String user = body.length > MAX_FORM_BYTES ? null : formField(new String(body, StandardCharsets.ISO_8859_1), "username");
        LoginThrottle.Attempt attempt = LoginThrottle.Attempt.of(request, user);
        Duration wait = throttle.retryAfter(attempt);
        if (!wait.isZero()) {
            ProblemAuthenticationHandlers.tooManyFailedLogins(json, response, wait);
            return;
        }
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(new Replayed(request, new SequenceInputStream(new ByteArrayInputStream(body), request.getInputStream())),
                held);
        if (held.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            throttle.failed(attempt);
        } else if (held.getStatus() == HttpServletResponse.SC_OK && user != null) {
            response.addHeader(HttpHeaders.SET_COOKIE, throttle.deviceCookie(user, request).toString());
        }
        held.copyBodyToResponse();
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return pair.substring(eq + 1);
                }
            }
        }
        return null;
    }

    /** The request with the body read above, for Camunda's login resource to read again. */
    private static final class Replayed extends HttpServletRequestWrapper {

        private final InputStream in;
        private boolean finished;

        Replayed(HttpServletRequest request, InputStream body) {
            super(request);
            this.in = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
