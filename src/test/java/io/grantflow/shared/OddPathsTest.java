package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grantflow.support.GrantflowTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Paths the firewall refuses (double slashes, dot segments, encoded characters, path parameters, backslashes, NUL)
 * are a client's mistake: {@code 400 invalid-request} as a problem document, for anyone, with no ERROR and no stack
 * trace in the log.
 */
@GrantflowTest
class OddPathsTest {

    static final List<String> ODD = List.of("//engine-rest/user", "/./engine-rest/user", "/%65ngine-rest/user",
            "/engine-rest;x=1/user", "/api/v1/licenses/LIC-DEMO;x=1", "/api/v1/licenses%2FLIC-DEMO", "/api/v1/licenses/%2e%2e/x",
            "/engine-rest/user/%2e%2e/group", "/api/v1/licenses%5CLIC-DEMO", "/api/v1/licenses/LIC-DEMO%00",
            "/engine-rest%00/user", "/camunda//app/cockpit/", "/engine-rest/user%252Fx", "/api/v1//licenses/LIC-DEMO",
            "/api/v1/licenses/LIC-DEMO%3Bx", "/engine-rest/user/%0a");

    @LocalServerPort
    int port;

    @Test
    void oddPathWhenRequestedByAnyoneThen400ProblemAndNoErrorLogged() {
        RawHttp http = new RawHttp(port);
        List<String> wrong = new ArrayList<>();
        List<ILoggingEvent> logged = RawHttp.logsDuring(() -> {
            for (String path : ODD) {
                for (String user : new String[] {null, "operator", "integrator", "auditor", "admin"}) {
                    String auth = user == null ? "" : "Authorization: " + RawHttp.basic(user) + "\r\n";
                    RawHttp.Answer a = http.request("GET", path, auth + "Accept: application/json\r\n", null);
                    if (a.status() != 400 || !a.isProblem() || !a.code().equals("invalid-request") || a.body().contains("at org.")) {
                        wrong.add(path + " as " + user + ": " + a);
                    }
                }
            }
            return null;
        });
        assertThat(wrong).isEmpty();
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(logged).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
    }

    @Test
    void backslashInThePathWhenRequestedThen400Problem() {
        RawHttp.Answer a = new RawHttp(port).request("GET", "/engine-rest\\user", "Authorization: " + RawHttp.basic("operator") + "\r\n", null);
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.isProblem()).as(a.toString()).isTrue();
    }

    @Test
    void methodTheFirewallDoesNotKnowWhenSentThen400ProblemAndNoErrorLogged() {
        RawHttp http = new RawHttp(port);
        List<RawHttp.Answer> answers = new ArrayList<>();
        List<ILoggingEvent> logged = RawHttp.logsDuring(() -> {
            for (String path : List.of("/api/v1/licenses/LIC-DEMO", "/engine-rest/user", "/camunda/app/welcome/default/")) {
                answers.add(http.request("FOO", path, "Authorization: " + RawHttp.basic("operator") + "\r\n", null));
            }
            return null;
        });
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertThat(a.isProblem()).as(a.toString()).isTrue();
            assertThat(a.code()).isEqualTo("invalid-request");
        });
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
    }
}
