package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.web.MockHttpServletRequest;

/** Device cookies: signed for one user until their expiry, Secure over https, and worth nothing once changed. */
class DeviceCookiesTest {

    static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    DeviceCookies cookies = new DeviceCookies(SECRET, Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aCookieIsTrustedForItsUserOnly() {
        String value = cookies.issue("Admin", new MockHttpServletRequest()).getValue();
        assertThat(cookies.trustedId(value, "admin")).isNotBlank();
        assertThat(cookies.trustedId(value, "operator")).isNull();
        assertThat(cookies.trustedId(null, "admin")).isNull();
        assertThat(cookies.trustedId("garbage", "admin")).isNull();
        assertThat(cookies.trustedId("a.b.c.d", "admin")).isNull();
    }

    @Test
    void eachLoginGetsItsOwnCookie() {
        String first = cookies.issue("admin", new MockHttpServletRequest()).getValue();
        String second = cookies.issue("admin", new MockHttpServletRequest()).getValue();
        assertThat(cookies.trustedId(first, "admin")).isNotEqualTo(cookies.trustedId(second, "admin"));
    }

    @Test
    void aChangedOrForeignOrExpiredCookieIsNotTrusted() {
        String value = cookies.issue("admin", new MockHttpServletRequest()).getValue();
        String[] parts = value.split("\\.");
        assertThat(cookies.trustedId(parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2] + "." + parts[3], "admin")).isNull();
        assertThat(cookies.trustedId(value.substring(0, value.length() - 2) + "AA", "admin")).isNull();
        DeviceCookies otherServer = new DeviceCookies(Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}),
                Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherServer.trustedId(value, "admin")).isNull();
        DeviceCookies later = new DeviceCookies(SECRET, Duration.ofDays(30), Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC));
        assertThat(later.trustedId(value, "admin")).isNull();
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
        MockHttpServletRequest https = new MockHttpServletRequest();
        https.setSecure(true);
        ResponseCookie secure = cookies.issue("admin", https);
        assertThat(secure.isHttpOnly()).isTrue();
        assertThat(secure.isSecure()).isTrue();
        assertThat(secure.getSameSite()).isEqualTo("Strict");
        assertThat(secure.getMaxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(cookies.issue("admin", new MockHttpServletRequest()).isSecure()).isFalse();
    }

    @Test
    void aShortOrMalformedSecretRefusesToStart() {
        assertThatThrownBy(() -> new DeviceCookies(Base64.getEncoder().encodeToString(new byte[16]), Duration.ofDays(1), Clock.systemUTC()))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new DeviceCookies("not base64!", Duration.ofDays(1), Clock.systemUTC()))
                .hasMessageContaining("not base64");
    }

    @Test
    void clientsAreCountedByTheirPeerAddressAndIpv6ByTheSlash64() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("203.0.113.7");
        request.addHeader("X-Forwarded-For", "198.51.100.1");
        assertThat(LoginThrottle.clientAddress(request)).isEqualTo("203.0.113.7");
        request.setRemoteAddr("2001:db8:1:2:aaaa::1");
        String one = LoginThrottle.clientAddress(request);
        request.setRemoteAddr("2001:db8:1:2:bbbb:cccc:dddd:eeee");
        assertThat(LoginThrottle.clientAddress(request)).isEqualTo(one).isEqualTo("20010db800010002::/64");
        request.setRemoteAddr("2001:db8:1:3::1");
        assertThat(LoginThrottle.clientAddress(request)).isNotEqualTo(one);
    }
}
