package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Failed logins throttle the guesser, not the person guessed at, on Basic ({@code /api}, {@code /engine-rest}) and on
 * the webapps' login, with a short window so the test sees it end. Clients speak from their own loopback addresses
 * (a socket bound to 127.0.0.x), as separate machines do: the attacker from 127.0.0.2, the owner from 127.0.0.3 or
 * from 127.0.0.2 in a browser that signed in before. Its own context: the throttle's state must not reach the shared
 * test context, whose clients are all 127.0.0.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:grantflow-throttle;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "grantflow.data-dir=target/test-data-throttle",
        // Camunda keeps engines in a static registry by name; the shared test context's is "default"
        "camunda.bpm.process-engine-name=throttle",
        "grantflow.security.login-throttle.failures-per-address-and-user=10",
        "grantflow.security.login-throttle.failures-per-address=30",
        "grantflow.security.login-throttle.failures-per-user=25",
        "grantflow.security.login-throttle.window=PT15S"})
@ActiveProfiles("test")
class LoginThrottleTest {

    static final Duration PATIENCE = Duration.ofSeconds(40);
    static final String ATTACKER = "127.0.0.2";
    static final String ELSEWHERE = "127.0.0.3";

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;

    @Test
    void anAttackerHammeringAdminOverBasicKeepsOnlyHimselfOut() {
        for (int i = 1; i <= 10; i++) {
            assertThat(basic(ATTACKER, "/api/v1/admin/api-tokens", "admin", "wrong-" + i, null).status).as("attempt " + i).isEqualTo(401);
        }
        Raw throttled = basic(ATTACKER, "/api/v1/admin/api-tokens", "admin", "wrong-11", null);
        assertThat(throttled.status).isEqualTo(429);
        assertThat(throttled.body).contains("\"code\":\"rate-limited\"");
        assertThat(throttled.header("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 15L));
        // from the attacker's address the right password is refused too, at both Basic doors: a 200 would confirm a guess
        assertThat(basic(ATTACKER, "/api/v1/admin/api-tokens", "admin", "admin", null).status).isEqualTo(429);
        assertThat(basic(ATTACKER, "/engine-rest/version", "admin", "admin", null).status).isEqualTo(429);
        // the owner, from another address, is not kept out
        assertThat(basic(ELSEWHERE, "/api/v1/admin/api-tokens", "admin", "admin", null).status).isEqualTo(200);
        assertThat(basic(ELSEWHERE, "/engine-rest/version", "admin", "admin", null).status).isEqualTo(200);
        // the window ends by itself: the account was never locked
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> basic(ATTACKER, "/engine-rest/version", "admin", "admin", null).status == 200);
    }

    @Test
    void anAttackerAtTheWebappsLoginKeepsNeitherTheOwnerElsewhereNorAKnownBrowserOut() {
        // the owner signed in before from the browser at the attacker's address (one proxy for both): a device cookie
        Login earlier = webappLogin(ATTACKER, "admin", "admin", null);
        assertThat(earlier.status).isEqualTo(200);

        for (int i = 1; i <= 10; i++) {
            assertThat(webappLogin(ATTACKER, "admin", "wrong-" + i, null).status).as("attempt " + i).isEqualTo(401);
        }
        Login throttled = webappLogin(ATTACKER, "admin", "wrong-11", null);
        assertThat(throttled.status).isEqualTo(429);
        assertThat(throttled.body).contains("\"code\":\"rate-limited\"");
        assertThat(throttled.header("retry-after")).isPresent();
        assertThat(webappLogin(ATTACKER, "admin", "admin", null).status).isEqualTo(429);

        // the right password from another address gets in
        assertThat(webappLogin(ELSEWHERE, "admin", "admin", null).status).isEqualTo(200);
        String setCookie = earlier.setCookie(DeviceCookies.NAME).orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        String device = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        // the browser that signed in before gets in from the attacked address, at the webapps and over Basic
        assertThat(webappLogin(ATTACKER, "admin", "admin", device).status).isEqualTo(200);
        assertThat(basic(ATTACKER, "/engine-rest/version", "admin", "admin", device).status).isEqualTo(200);
        // a cookie changed by its holder, or another user's, is no device cookie for admin
        String[] parts = device.split("\\.");
        String extended = parts[0] + "." + (Long.parseLong(parts[1]) + 1) + "." + parts[2] + "." + parts[3];
        Login otherUser = webappLogin(ELSEWHERE, user("thrOther", "right-password-7"), "right-password-7", null);
        String otherDevice = otherUser.setCookie(DeviceCookies.NAME).map(c -> c.substring(c.indexOf('=') + 1, c.indexOf(';'))).orElseThrow();
        assertThat(webappLogin(ATTACKER, "admin", "admin", extended).status).isEqualTo(429);
        assertThat(webappLogin(ATTACKER, "admin", "admin", otherDevice).status).isEqualTo(429);

        // a known browser that guesses uses up its own trust, as fast as one address would
        for (int i = 1; i <= 10; i++) {
            assertThat(webappLogin(ATTACKER, "admin", "cookie-wrong-" + i, device).status).as("attempt " + i).isEqualTo(401);
        }
        assertThat(webappLogin(ATTACKER, "admin", "admin", device).status).isEqualTo(429);
    }

    @Test
    void aFloodFromOneAddressIs429WhateverTheNamesAndForwardedHeaders() {
        String owner = user("thrSprayed", "right-password-4");
        int refusedAt = 0;
        for (int i = 1; i <= 60 && refusedAt == 0; i++) {
            // X-Forwarded-For from a client is not believed: no proxy is trusted here
            Raw r = raw("127.0.0.4", "GET /api/v1/licenses/LIC-DEMO HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: " + basicHeader("sprayed" + i, "Winter2026!") + "\r\nX-Forwarded-For: 10.9.8." + i
                    + "\r\nConnection: close\r\n\r\n");
            if (r.status == 429) {
                refusedAt = i;
                assertThat(r.header("retry-after")).isPresent();
                assertThat(r.body).contains("\"code\":\"rate-limited\"");
            } else {
                assertThat(r.status).isEqualTo(401);
            }
        }
        assertThat(refusedAt).isEqualTo(31);
        // that address may not log in at all for now; another one may
        assertThat(basic("127.0.0.4", "/api/v1/licenses/LIC-DEMO", owner, "right-password-4", null).status).isEqualTo(429);
        assertThat(basic("127.0.0.5", "/api/v1/licenses/LIC-DEMO", owner, "right-password-4", null).status).isEqualTo(200);
    }

    @Test
    void manyAddressesGuessingOneUserMeetItsCeilingButNotItsKnownBrowser() {
        String owner = user("thrCeiling", "right-password-6");
        Login earlier = webappLogin("127.0.0.10", owner, "right-password-6", null);
        assertThat(earlier.status).isEqualTo(200);
        String setCookie = earlier.setCookie(DeviceCookies.NAME).orElseThrow();
        String device = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        // 25 failures for one user from three addresses, none of which reaches its own limit of 10
        List<Integer> statuses = new ArrayList<>();
        for (String from : List.of("127.0.0.7", "127.0.0.8", "127.0.0.9")) {
            for (int i = 1; i <= 9; i++) {
                statuses.add(basic(from, "/api/v1/licenses/LIC-DEMO", owner, "wrong-" + i, null).status);
            }
        }
        assertThat(statuses.subList(0, 25)).containsOnly(401);
        assertThat(statuses.subList(25, 27)).containsOnly(429);
        // a stranger's client, even with the right password, waits; the owner's browser does not
        assertThat(basic("127.0.0.11", "/api/v1/licenses/LIC-DEMO", owner, "right-password-6", null).status).isEqualTo(429);
        assertThat(webappLogin("127.0.0.11", owner, "right-password-6", null).status).isEqualTo(429);
        assertThat(webappLogin("127.0.0.11", owner, "right-password-6", device).status).isEqualTo(200);
    }

    @Test
    void noNumberOfWrongPasswordsLocksAnAccountForGood() {
        String user = user("thrMany", "right-password-2");
        // 12 wrong passwords reach the identity service across two windows: Camunda's default locks for good at 10
        for (int failures = 0; failures < 12; failures++) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> basic("127.0.0.6", "/api/v1/licenses/LIC-DEMO", user, "wrong", null).status == 401);
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> basic("127.0.0.6", "/api/v1/licenses/LIC-DEMO", user, "right-password-2", null).status == 200);
        assertThat(identity.checkPassword(user, "right-password-2")).isTrue();
    }

    @Test
    void theEngineAloneNeverLocksAUser() {
        String user = user("thrEngine", "right-password-3");
        for (int i = 0; i < 30; i++) {
            assertThat(identity.checkPassword(user, "wrong")).isFalse();
        }
        assertThat(identity.checkPassword(user, "right-password-3")).isTrue();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** An operator of this test only, so the tests' user names never share a bucket. */
    String user(String id, String password) {
        if (identity.createUserQuery().userId(id).count() == 0) {
            User u = identity.newUser(id);
            u.setPassword(password);
            u.setFirstName("Throttle");
            u.setLastName("Test");
            identity.saveUser(u);
            identity.createMembership(id, Groups.OPERATORS);
        }
        return id;
    }

    static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Raw basic(String from, String path, String user, String password, String deviceCookie) {
        return raw(from, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + basicHeader(user, password)
                + (deviceCookie == null ? "" : "\r\nCookie: " + DeviceCookies.NAME + "=" + deviceCookie)
                + "\r\nConnection: close\r\n\r\n");
    }

    /**
     * The Cockpit login as its page sends it, from {@code from}, in a browser that holds {@code deviceCookie} (or
     * none): the page for the XSRF token and session, then the form.
     */
    Login webappLogin(String from, String user, String password, String deviceCookie) {
        Raw page = raw(from, "GET /camunda/app/cockpit/throttle/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String set : page.headers("set-cookie")) {
            String pair = set.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        if (deviceCookie != null) {
            cookies.put(DeviceCookies.NAME, deviceCookie);
        }
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        Raw answer = raw(from, "POST /camunda/api/admin/auth/user/throttle/login/cockpit HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nCookie: " + cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "))
                + "\r\nX-XSRF-TOKEN: " + cookies.get("XSRF-TOKEN")
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + form);
        return new Login(answer.status, answer.headers, answer.body);
    }

    /** One request over a socket bound to the loopback address {@code from}: Grantflow sees a client of that address. */
    Raw raw(String from, String request) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] headAndBody = answer.split("\r\n\r\n", 2);
            List<String> head = List.of(headAndBody[0].split("\r\n"));
            return new Raw(Integer.parseInt(head.get(0).split(" ")[1]), head.subList(1, head.size()),
                    headAndBody.length > 1 ? headAndBody[1] : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Raw(int status, List<String> headers, String body) {
        Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        List<String> headers(String name) {
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).strip()).toList();
        }
    }

    record Login(int status, List<String> headers, String body) {
        Optional<String> header(String name) {
            return new Raw(status, headers, body).header(name);
        }

        Optional<String> setCookie(String name) {
            return new Raw(status, headers, body).headers("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
        }
    }
}
