package io.grantflow.security;

import java.util.Locale;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The client address that the login throttle counts is the connection's peer, unless a proxy Grantflow trusts says
 * otherwise: {@code X-Forwarded-For} from anyone else would let every client pick its own address. So a start that
 * would take the header from untrusted clients is refused: {@code server.forward-headers-strategy=framework} (Spring's
 * filter believes every sender), or {@code native} without {@code server.tomcat.remoteip.internal-proxies} naming the
 * proxy (Tomcat's default believes every private and loopback address).
 */
@Component
class TrustedProxyCheck {

    TrustedProxyCheck(Environment environment) {
        String strategy = environment.getProperty("server.forward-headers-strategy");
        if (strategy == null || strategy.isBlank()) {
            // Spring Boot's own choice when nothing is set: native on a cloud platform
            CloudPlatform platform = CloudPlatform.getActive(environment);
            strategy = platform != null && platform.isUsingForwardHeaders() ? "native" : "none";
        }
        String problem = problem(strategy, environment.getProperty("server.tomcat.remoteip.internal-proxies"));
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Why these settings would let a client choose its own address, or null when they do not. */
    static String problem(String strategy, String internalProxies) {
        switch (strategy.strip().toLowerCase(Locale.ROOT)) {
            case "framework":
                return "server.forward-headers-strategy=framework takes X-Forwarded-For from every client; use native with "
                        + "server.tomcat.remoteip.internal-proxies set to your proxy's address (a regular expression)";
            case "native":
                return internalProxies == null || internalProxies.isBlank()
                        ? "server.forward-headers-strategy=native needs server.tomcat.remoteip.internal-proxies set to your "
                                + "proxy's address (a regular expression): Tomcat's default takes X-Forwarded-For from any "
                                + "private or loopback address"
                        : null;
            default:
                return null;
        }
    }
}
