package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grantflow.support.Webapps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Failed logins throttled per client address and per user name, on Basic and on the webapps' login, with a short
 * window so the test sees it end. Each test speaks from its own loopback address (127.0.0.x), as separate clients do.
 * Its own context: the throttle's state must not reach the shared test context, whose clients are all 127.0.0.1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:grantflow-throttle;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "grantflow.data-dir=target/test-data-throttle",
        // Camunda keeps engines in a static registry by name; the shared test context's is "default"
        "camunda.bpm.process-engine-name=throttle",
        "grantflow.security.login-throttle.failures-per-user=10",
        "grantflow.security.login-throttle.failures-per-address=15",
        "grantflow.security.login-throttle.window=PT15S"})
@ActiveProfiles("test")
class LoginThrottleTest {

    static final Duration PATIENCE = Duration.ofSeconds(40);

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;

    @Test
    void elevenWrongPasswordsAre429ThenTheRightOneWorksAfterTheWindow() {
        String user = user("thrOne", "right-password-1");
        for (int i = 1; i <= 10; i++) {
            assertThat(basic("127.0.0.2", user, "wrong-" + i).status).as("attempt " + i).isEqualTo(401);
        }
        Raw throttled = basic("127.0.0.2", user, "wrong-11");
        assertThat(throttled.status).isEqualTo(429);
        assertThat(throttled.body).contains("\"code\":\"rate-limited\"");
        assertThat(throttled.header("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 15L));
        // the right password, while the user name is throttled, is refused too (from any address): a 200 here would
        // confirm a guess; a 401 would lie
        assertThat(basic("127.0.0.2", user, "right-password-1").status).isEqualTo(429);
        assertThat(basic("127.0.0.3", user, "right-password-1").status).isEqualTo(429);
        // the window ends by itself: the right password works, the account was never locked
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> basic("127.0.0.3", user, "right-password-1").status == 200);
    }

    @Test
    void noNumberOfWrongPasswordsLocksAnAccountForGood() {
        String user = user("thrMany", "right-password-2");
        // 12 wrong passwords reach the identity service across two windows: Camunda's default locks for good at 10
        for (int failures = 0; failures < 12; failures++) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> basic("127.0.0.4", user, "wrong").status == 401);
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> basic("127.0.0.4", user, "right-password-2").status == 200);
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

    @Test
    void sprayingUserNamesFromOneAddressIs429() {
        String victim = user("thrSprayed", "right-password-4");
        int refusedAt = 0;
        for (int i = 1; i <= 40 && refusedAt == 0; i++) {
            Raw r = basic("127.0.0.5", "sprayed" + i, "Winter2026!");
            if (r.status == 429) {
                refusedAt = i;
                assertThat(r.header("retry-after")).isPresent();
                assertThat(r.body).contains("\"code\":\"rate-limited\"");
            } else {
                assertThat(r.status).isEqualTo(401);
            }
        }
        assertThat(refusedAt).isEqualTo(16);
        // that address may not log in at all for now; another one may
        assertThat(basic("127.0.0.5", victim, "right-password-4").status).isEqualTo(429);
        assertThat(basic("127.0.0.6", victim, "right-password-4").status).isEqualTo(200);
    }

    @Test
    void theWebappsLoginIsThrottledToo() throws Exception {
        String user = user("thrWebapp", "right-password-5");
        for (int i = 1; i <= 10; i++) {
            assertThat(Webapps.login(port, "cockpit", "throttle", user, "wrong-" + i)).as("attempt " + i).isEqualTo(401);
        }
        AtomicReference<Integer> status = new AtomicReference<>();
        assertThat(Webapps.login(port, "cockpit", "throttle", user, "wrong-11")).isEqualTo(429);
        assertThat(Webapps.login(port, "cockpit", "throttle", user, "right-password-5")).isEqualTo(429);
        // one throttle for every login path
        assertThat(basic("127.0.0.7", user, "right-password-5").status).isEqualTo(429);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            status.set(Webapps.login(port, "cockpit", "throttle", user, "right-password-5"));
            return status.get() == 200;
        });
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

    Raw basic(String from, String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return raw(from, "GET /api/v1/licenses/LIC-DEMO HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic "
                + credentials + "\r\nConnection: close\r\n\r\n");
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
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).strip()).findFirst();
        }
    }
}
