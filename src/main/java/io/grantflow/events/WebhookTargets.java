package io.grantflow.events;

import io.grantflow.protocol.Refusal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * No server-side request forgery: a webhook goes to a public https address. Link-local (cloud metadata) and
 * unspecified or multicast addresses are refused always; loopback and private networks, and plain http, only when
 * {@code grantflow.webhooks.allow-private-targets} is on. Checked when an endpoint is made and before every attempt,
 * since a name may resolve elsewhere by then.
 */
@Component
class WebhookTargets {

    private final boolean allowPrivate;

    WebhookTargets(WebhookProperties properties) {
        this.allowPrivate = properties.allowPrivateTargets();
    }

    /** The URL, parsed, when it may be called; else {@code webhook-url-refused} saying why. */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw refused(url, "it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw refused(url, "only https is allowed");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw refused(url, "it needs a host and no user info or fragment");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw refused(url, "its host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                throw refused(url, "it resolves to " + address.getHostAddress() + ", a link-local or unspecified address");
            }
            if (!allowPrivate && isPrivate(address)) {
                throw refused(url, "it resolves to " + address.getHostAddress() + ", a loopback or private address");
            }
        }
        return uri;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            // 100.64.0.0/10 (carrier-grade NAT)
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        // fc00::/7 (unique local)
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    private static RuntimeException refused(String url, String why) {
        return Refusal.WEBHOOK_URL_REFUSED.exception("The webhook URL " + url + " is refused: " + why);
    }
}
