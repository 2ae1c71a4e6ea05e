package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The session cookie (one session for the desk and the webapps) and the webapps' XSRF cookie carry {@code SameSite=Lax}:
 * a browser leaves them off the requests other sites' pages send in the background, while a link followed from a
 * mail still arrives signed in.
 */
@GrantflowTest
class SessionCookieTest {

    @LocalServerPort
    int port;

    private static final Pattern LAX = Pattern.compile("(?i);\\s*SameSite=Lax(;|$)");

    private final HttpClient client = HttpClient.newBuilder().build();

    @Test
    void theSessionCookieIsSameSiteLaxWhereverTheSessionStarts() throws Exception {
        List<String> cookies = new ArrayList<>();
        // the desk without a session: it sends the browser to the login and keeps where it was going
        cookies.addAll(setCookies(get("/desk/licenses/LIC-DEMO", null)));
        // Tasklist's page, then its login form: the login starts a new session
        HttpResponse<String> page = get("/camunda/app/tasklist/default/", null);
        cookies.addAll(setCookies(page));
        String session = value(setCookies(page), "JSESSIONID");
        String xsrf = value(setCookies(page), "XSRF-TOKEN");
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist"))
                .header("Cookie", "JSESSIONID=" + session + "; XSRF-TOKEN=" + xsrf).header("X-XSRF-TOKEN", xsrf)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=operator&password=operator")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        cookies.addAll(setCookies(login));

        List<String> sessionCookies = cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertThat(sessionCookies).as("session cookies set").hasSizeGreaterThanOrEqualTo(2);
        assertThat(sessionCookies).allSatisfy(c -> assertThat(c).containsPattern(LAX).containsPattern("(?i);\\s*HttpOnly"));
        List<String> xsrfCookies = cookies.stream().filter(c -> c.startsWith("XSRF-TOKEN=")).toList();
        assertThat(xsrfCookies).isNotEmpty().allSatisfy(c -> assertThat(c).containsPattern(LAX));
        assertThat(cookies).as("one SameSite attribute per cookie").allSatisfy(c -> assertThat(c.split("(?i)SameSite").length).isLessThanOrEqualTo(2));
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static List<String> setCookies(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie");
    }

    private static String value(List<String> setCookies, String name) {
        Pattern p = Pattern.compile("^" + name + "=([^;]*)");
        for (String c : setCookies) {
            Matcher m = p.matcher(c);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + name + " cookie in " + setCookies);
    }
}
