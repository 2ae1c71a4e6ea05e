package io.grantflow.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.ResponseCookie;

/**
 * OWASP's device cookies: a browser that signed in to the webapps with the right password gets a cookie naming that
 * user and an expiry, signed with a server secret (HMAC-SHA256). Presented again with a login for the same user, it
 * marks the client as one that knew the password before: the throttle of strangers (per address, per user) does not
 * apply to it, only its own budget of failures. A cookie is its own id (a random nonce in it), so a stolen one that is
 * used for guessing stops being trusted after as many failures as one address may make.
 */
final class DeviceCookies {

    static final String NAME = "grantflow-device";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MIN_SECRET_BYTES = 32;
    private static final int MAX_COOKIE_CHARS = 1024;

    private final SecretKeySpec secret;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DeviceCookies(String secretBase64, Duration lifetime, Clock clock) {
        this.secret = new SecretKeySpec(secret(secretBase64, random), "HmacSHA256");
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * The configured secret, or (none configured) a random one: the cookies then hold until this node restarts, and
     * on this node only.
     */
    private static byte[] secret(String base64, SecureRandom random) {
        if (base64 == null || base64.isBlank()) {
            byte[] generated = new byte[MIN_SECRET_BYTES];
            random.nextBytes(generated);
            return generated;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("grantflow.security.login-throttle.device-cookie-secret is not base64");
        }
        if (raw.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("grantflow.security.login-throttle.device-cookie-secret must be at least "
                    + MIN_SECRET_BYTES + " bytes, is " + raw.length);
        }
        return raw;
    }

    /** A new cookie for a browser that just signed in as {@code user}: HttpOnly, SameSite=Strict, Secure over https. */
    ResponseCookie issue(String user, HttpServletRequest request) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String payload = B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expires + "." + B64.encodeToString(nonce);
        String path = request.getContextPath() == null || request.getContextPath().isEmpty() ? "/" : request.getContextPath() + "/";
        return ResponseCookie.from(NAME, payload + "." + B64.encodeToString(mac(payload)))
                .httpOnly(true).secure(request.isSecure()).sameSite("Strict").path(path).maxAge(lifetime).build();
    }

    /** The request's device cookie, as sent (null without one). */
    static String presented(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /**
     * The cookie's id when it is genuine, unexpired and names {@code userKey} (a user name as {@link LoginThrottle}
     * keys it); null otherwise.
     */
    String trustedId(String cookie, String userKey) {
        if (cookie == null || cookie.length() > MAX_COOKIE_CHARS) {
            return null;
        }
        String[] parts = cookie.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        try {
            if (!MessageDigest.isEqual(mac(payload), B64D.decode(parts[3]))
                    || Long.parseLong(parts[1]) <= clock.instant().getEpochSecond()
                    || !LoginThrottle.userKey(new String(B64D.decode(parts[0]), StandardCharsets.UTF_8)).equals(userKey)) {
                return null;
            }
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return parts[2];
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
