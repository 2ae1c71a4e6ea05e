package io.grantflow.security;

import io.github.bucket4j.Bandwidth;
import io.grantflow.shared.KeyedBuckets;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Failed logins per client address and per user name, on every login path (HTTP Basic, the webapps' login form).
 * Once either has used its failures for the window, every attempt from that address or for that name is refused
 * before the password is checked: a right password then would tell a guesser that it was right. Nothing is ever
 * locked for good; the window ends by itself. The buckets live in bounded maps, so a spray of made-up names or
 * addresses costs memory only up to {@code max-keys}. Per node, like the request limits.
 */
@Component
class LoginThrottle {

    private static final int MAX_USER_KEY = 256;

    private final SecuritySettings.LoginThrottle settings;
    private final KeyedBuckets addresses;
    private final KeyedBuckets users;

    LoginThrottle(SecuritySettings settings) {
        this.settings = settings.loginThrottle();
        this.addresses = buckets(this.settings, this.settings.failuresPerAddress());
        this.users = buckets(this.settings, this.settings.failuresPerUser());
    }

    private static KeyedBuckets buckets(SecuritySettings.LoginThrottle settings, int failures) {
        // a bucket untouched for a whole window is full again: forgetting it changes nothing
        return new KeyedBuckets(Bandwidth.builder().capacity(failures).refillIntervally(failures, settings.window()).build(),
                settings.maxKeys(), settings.window());
    }

    /** How long the client must wait before it may try to log in as this user; zero when it may now. */
    Duration retryAfter(String address, String user) {
        if (!settings.enabled()) {
            return Duration.ZERO;
        }
        long nanos = Math.max(addresses.waitFor(addressKey(address)), users.waitFor(userKey(user)));
        return nanos == 0 ? Duration.ZERO : Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Counts a failed login against the address and the user name. */
    void failed(String address, String user) {
        if (!settings.enabled()) {
            return;
        }
        addresses.take(addressKey(address));
        users.take(userKey(user));
    }

    private static String addressKey(String address) {
        return address == null ? "" : address;
    }

    /** User names are matched without case and cut to a bounded length: "Admin" counts against "admin". */
    private static String userKey(String user) {
        String key = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_USER_KEY ? key.substring(0, MAX_USER_KEY) : key;
    }
}
