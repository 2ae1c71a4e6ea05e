package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A page on another origin cannot write with a user's login: browsers send cached HTTP Basic credentials (and
 * cookies) with a form post or a no-cors fetch from any site. Every request but GET, HEAD and OPTIONS that a
 * browser marks as coming from another origin ({@code Sec-Fetch-Site: cross-site|same-site}, or an {@code Origin}
 * other than Grantflow's own) is {@code 403 cross-site-request}, on every door: {@code /api}, {@code /engine-rest},
 * {@code /actuator} and the webapps. Requests without those headers come from no browser page (curl, the edge
 * agent, a server-side client) and pass; origins in {@code grantflow.security.allowed-origins} pass too.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Set<String> allowedOrigins;
    private final ObjectMapper json;

    CrossSiteRequestFilter(SecuritySettings settings, ObjectMapper json) {
        this.allowedOrigins = settings.allowedOrigins().stream().map(CrossSiteRequestFilter::normalise).collect(Collectors.toSet());
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod()) || !crossSite(request)) {
            chain.doFilter(request, response);
            return;
        }
        ProblemAuthenticationHandlers.write(json, response, Refusal.CROSS_SITE_REQUEST, "A page on another origin may not change anything here; call Grantflow from its own pages or from a server");
    }

    private boolean crossSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && allowedOrigins.contains(normalise(origin))) {
            return false;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            // the browser's own verdict; "none" is the user typing an address or using a bookmark
            String site = fetchSite.strip().toLowerCase(Locale.ROOT);
            if (!site.equals("same-origin") && !site.equals("none")) {
                return true;
            }
        }
        // "null" (a sandboxed frame, a data: page) is another origin too
        return origin != null && !normalise(origin).equals(ownOrigin(request));
    }

    /** The origin this request was sent to, as the browser names it: scheme, host and a port other than the default. */
    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
