package io.grantflow.security;

import io.github.bucket4j.Bandwidth;
import io.grantflow.shared.KeyedBuckets;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Failed logins on every login path (HTTP Basic, the webapps' login form), throttled so that a guesser is held back
 * and the person whose account is guessed at is not (OWASP, "Blocking Brute Force Attacks"):
 * <ul>
 * <li>per (client address, user name): one address guessing one user's password; the owner elsewhere is not touched;
 * <li>per client address, whatever the names: a flood or a spray of names from one address;
 * <li>per user name from all addresses together, with a ceiling that one address never reaches: many addresses
 *     guessing one password. It holds back only clients without a device cookie.
 * </ul>
 * Once a bucket is empty, every attempt it covers is refused before the password is checked: a right password then
 * would tell a guesser that it was right. A browser that signed in before ({@link DeviceCookies}) is judged by its
 * own failures only, so its owner gets in from an address or for a name that strangers have used up. Nothing is ever
 * locked for good; the window ends by itself. The buckets live in bounded maps, so a spray of made-up names or
 * addresses costs memory only up to {@code max-keys}. Per node, like the request limits.
 */
@Component
class LoginThrottle {

    private static final int MAX_USER_KEY = 256;

    private final SecuritySettings.LoginThrottle settings;
    private final DeviceCookies devices;
    private final KeyedBuckets addressAndUser;
    private final KeyedBuckets addresses;
    private final KeyedBuckets users;
    private final KeyedBuckets knownDevices;

    LoginThrottle(SecuritySettings settings) {
        this.settings = settings.loginThrottle();
        this.devices = new DeviceCookies(this.settings.deviceCookieSecret(), this.settings.deviceCookieLifetime(), Clock.systemUTC());
        this.addressAndUser = buckets(this.settings, this.settings.failuresPerAddressAndUser());
        this.addresses = buckets(this.settings, this.settings.failuresPerAddress());
        this.users = buckets(this.settings, this.settings.failuresPerUser());
        // a known browser may fail as often as one address may for one user
        this.knownDevices = buckets(this.settings, this.settings.failuresPerAddressAndUser());
    }

    private static KeyedBuckets buckets(SecuritySettings.LoginThrottle settings, int failures) {
        // a bucket untouched for a whole window is full again: forgetting it changes nothing
        return new KeyedBuckets(Bandwidth.builder().capacity(failures).refillIntervally(failures, settings.window()).build(),
                settings.maxKeys(), settings.window());
    }

    /** One login attempt: who it is from (see {@link #clientAddress}), the name it gives, the device cookie it shows. */
    record Attempt(String address, String user, String deviceCookie) {

        static Attempt of(HttpServletRequest request, String user) {
            return new Attempt(clientAddress(request), user, DeviceCookies.presented(request));
        }
    }

    /** How long the client must wait before it may try to log in as this user; zero when it may now. */
    Duration retryAfter(Attempt attempt) {
        if (!settings.enabled()) {
            return Duration.ZERO;
        }
        String device = trustedDevice(attempt);
        if (device != null && knownDevices.waitFor(device) == 0) {
            return Duration.ZERO;
        }
        String user = userKey(attempt.user());
        long nanos = Math.max(addressAndUser.waitFor(attempt.address() + " " + user),
                Math.max(addresses.waitFor(attempt.address()), users.waitFor(user)));
        return nanos == 0 ? Duration.ZERO : Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Counts a failed login: against the known browser that made it, or else against the address and the user name. */
    void failed(Attempt attempt) {
        if (!settings.enabled()) {
            return;
        }
        String device = trustedDevice(attempt);
        if (device != null && knownDevices.take(device) == 0) {
            return;
        }
        String user = userKey(attempt.user());
        addressAndUser.take(attempt.address() + " " + user);
        addresses.take(attempt.address());
        users.take(user);
    }

    /** The device cookie for a browser that has just signed in as {@code user}. */
    ResponseCookie deviceCookie(String user, HttpServletRequest request) {
        return devices.issue(user, request);
    }

    private String trustedDevice(Attempt attempt) {
        return attempt.deviceCookie() == null ? null : devices.trustedId(attempt.deviceCookie(), userKey(attempt.user()));
    }

    /**
     * The client's address as the throttle counts it: the connection's peer ({@code getRemoteAddr}), which is the
     * {@code X-Forwarded-For} address only where a trusted proxy is configured ({@link TrustedProxyCheck}); an IPv6
     * client by its /64, the block one subscriber gets.
     */
    static String clientAddress(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (address == null) {
            return "";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // a literal with ':' is parsed, never looked up
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException notALiteral) {
            return address;
        }
    }

    /** User names are matched without case and cut to a bounded length: "Admin" counts against "admin". */
    static String userKey(String user) {
        String key = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_USER_KEY ? key.substring(0, MAX_USER_KEY) : key;
    }
}
