package io.grantflow.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Logs in to a Camunda webapp (Tasklist, Cockpit, Admin) the way its login page does: XSRF cookie, then the form. */
public final class Webapps {

    private Webapps() {
    }

    /** Answers the HTTP status of the login (200 = in). */
    public static int login(int port, String app, String user, String password) throws IOException, InterruptedException {
        return login(port, app, "default", user, password);
    }

    /** The same, against the process engine named {@code engine}. */
    public static int login(int port, String app, String engine, String user, String password) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        String base = "http://127.0.0.1:" + port + "/camunda";
        client.send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/" + engine + "/")).build(), HttpResponse.BodyHandlers.discarding());
        String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new IllegalStateException("no XSRF-TOKEN cookie"));
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/" + engine + "/login/" + app))
                .header("X-XSRF-TOKEN", xsrf).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
