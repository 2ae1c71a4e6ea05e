package io.grantflow.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
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
    private final Cache<String, Bucket> addresses;
    private final Cache<String, Bucket> users;

    LoginThrottle(SecuritySettings settings) {
        this.settings = settings.loginThrottle();
        this.addresses = cache(this.settings);
        this.users = cache(this.settings);
    }

    private static Cache<String, Bucket> cache(SecuritySettings.LoginThrottle settings) {
        // a bucket untouched for a whole window is full again: forgetting it changes nothing
        return Caffeine.newBuilder().maximumSize(settings.maxKeys()).expireAfterAccess(settings.window()).build();
    }

    /** How long the client must wait before it may try to log in as this user; zero when it may now. */
    Duration retryAfter(String address, String user) {
        if (!settings.enabled()) {
            return Duration.ZERO;
        }
        long nanos = Math.max(wait(addresses.getIfPresent(addressKey(address))), wait(users.getIfPresent(userKey(user))));
        return nanos == 0 ? Duration.ZERO : Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Counts a failed login against the address and the user name. */
    void failed(String address, String user) {
        if (!settings.enabled()) {
            return;
        }
        addresses.get(addressKey(address), k -> bucket(settings.failuresPerAddress())).tryConsume(1);
        users.get(userKey(user), k -> bucket(settings.failuresPerUser())).tryConsume(1);
    }

    private static long wait(Bucket bucket) {
        if (bucket == null) {
            return 0;
        }
        var probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private Bucket bucket(int failures) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(failures).refillIntervally(failures, settings.window()))
                .build();
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
