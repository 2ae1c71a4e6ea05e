package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a flood from exhausting a node, before anything else runs (authentication, JSON parsing, signature checks):
 * request bodies on the API, mobile and JWKS paths are capped ({@code 413 payload-too-large}), those of the engine's
 * REST API and the webapps' API too (at a size that leaves deployments possible), and the public and
 * edge endpoints (no login to slow a client down) have a token bucket per client IP ({@code 429 rate-limited} with
 * {@code Retry-After}), at most {@code max-clients} of them ({@link KeyedBuckets}). Per node: behind a load balancer
 * each node keeps its own buckets, which is what protects it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestLimitFilter extends OncePerRequestFilter {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final LimitsProperties limits;
    private final ObjectMapper json;
    private final KeyedBuckets buckets;

    @Autowired
    RequestLimitFilter(LimitsProperties limits, ObjectMapper json) {
        this(limits, json, System::nanoTime);
    }

    /** {@code nanoTime}: a monotonic clock; rate limits are about the machine's time, not the engine's business time. */
    RequestLimitFilter(LimitsProperties limits, ObjectMapper json, LongSupplier nanoTime) {
        this.limits = limits;
        this.json = json;
        LimitsProperties.RateLimit rate = limits.rateLimit();
        // burst tokens back in burst / rate seconds, refilled as they are due; an untouched bucket is full after that
        Duration refill = Duration.ofNanos(Math.max(1, Math.round(rate.burst() * 1e9 / rate.requestsPerSecond())));
        this.buckets = new KeyedBuckets(Bandwidth.builder().capacity(rate.burst()).refillGreedy(rate.burst(), refill).build(),
                rate.maxClients(), refill, nanoTime);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        LimitsProperties.RateLimit rate = limits.rateLimit();
        if (rate.enabled() && matches(rate.paths(), path)) {
            long waitNanos = take(client(request));
            if (waitNanos > 0) {
                long seconds = Math.max(rate.minRetryAfter().toSeconds(), (waitNanos + 999_999_999L) / 1_000_000_000L);
                response.setHeader("Retry-After", Long.toString(seconds));
                reject(response, Refusal.RATE_LIMITED, "Too many requests from your address; retry after " + seconds + " s");
                return;
            }
        }
        long cap = cap(path);
        if (cap >= 0) {
            long length = request.getContentLengthLong();
            if (length > cap) {
                tooLarge(response, cap);
                return;
            }
            if (length < 0 && hasBody(request)) {
                // No Content-Length (chunked): read at most one byte beyond the cap, then replay what was read.
                byte[] body = readAtMost(request.getInputStream(), cap + 1);
                if (body.length > cap) {
                    tooLarge(response, cap);
                    return;
                }
                request = new ReplayableBody(request, body);
            }
        }
        chain.doFilter(request, response);
    }

    /** The body cap of a path, or -1 where none applies here. */
    private long cap(String path) {
        if (matches(limits.cappedPaths(), path)) {
            return limits.maxBodyBytes();
        }
        return matches(limits.engineCappedPaths(), path) ? limits.engineMaxBodyBytes() : -1;
    }

    private void tooLarge(HttpServletResponse response, long cap) throws IOException {
        // The rest of the body is not read: close the connection rather than swallow it.
        response.setHeader("Connection", "close");
        reject(response, Refusal.PAYLOAD_TOO_LARGE, "The request body is larger than " + cap + " bytes");
    }

    private void reject(HttpServletResponse response, Refusal refusal, String detail) throws IOException {
        ProblemDetail problem = ProblemHandler.problem(refusal, detail).getBody();
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** Takes one token from the client's bucket; answers 0, or how long until a token is there. */
    long take(String client) {
        return buckets.take(client);
    }

    /** Whether the client may send a whole burst again: what a test waits for before the next one speaks from its address. */
    public boolean isFull(String client) {
        return buckets.isFull(client);
    }

    long clients() {
        return buckets.size();
    }

    private String client(HttpServletRequest request) {
        if (limits.rateLimit().trustForwardedFor()) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        return request.getRemoteAddr();
    }

    /** The normalised path the application sees (no path parameters, no {@code ..}), as the security rules match it. */
    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    private static boolean matches(List<String> patterns, String path) {
        for (String pattern : patterns) {
            if (PATHS.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int read;
        while (out.size() < max && (read = in.read(chunk, 0, (int) Math.min(chunk.length, max - out.size()))) != -1) {
            out.write(chunk, 0, read);
        }
        return out.toByteArray();
    }
}
