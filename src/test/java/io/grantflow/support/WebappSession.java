package io.grantflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A signed-in webapp session (Tasklist, Cockpit) calling the webapps' engine API as their pages do: the session
 * cookie and the X-XSRF-TOKEN header. {@link #engine} sends to {@code /camunda/api/engine/engine/{engine}}.
 */
public final class WebappSession {

    private final CookieManager cookies = new CookieManager();
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
    private final String base;
    private final String engine;

    private WebappSession(int port, String engine) {
        this.base = "http://127.0.0.1:" + port + "/camunda";
        this.engine = engine;
    }

    /** Logs in through the app's login page; fails the test unless the login is accepted. */
    public static WebappSession login(int port, String app, String user, String password) {
        return login(port, "default", app, user, password);
    }

    /** A browser that has opened the app's page but not logged in: its calls carry a session and the XSRF token only. */
    public static WebappSession anonymous(int port, String engine, String app) {
        WebappSession s = new WebappSession(port, engine);
        s.call(HttpRequest.newBuilder(URI.create(s.base + "/app/" + app + "/" + engine + "/")).GET());
        return s;
    }

    /** The same, for the engine of that name (the PostgreSQL test context's is {@code postgres}). */
    public static WebappSession login(int port, String engine, String app, String user, String password) {
        WebappSession s = anonymous(port, engine, app);
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        Http.Response r = s.call(HttpRequest.newBuilder(URI.create(s.base + "/api/admin/auth/user/" + engine + "/login/" + app))
                .header("X-XSRF-TOKEN", s.xsrf()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (r.status() != 200) {
            throw new AssertionError("login of " + user + " to " + app + ": " + r);
        }
        // the login starts a new session (fixation): its first request hands out the session's XSRF token, as the page's does
        Http.Response who = s.call(HttpRequest.newBuilder(URI.create(s.base + "/api/admin/auth/user/" + engine)).header("X-XSRF-TOKEN", "Fetch").GET());
        if (who.status() != 200) {
            throw new AssertionError("session of " + user + ": " + who);
        }
        s.fetchedToken = who.raw().headers().firstValue("X-XSRF-TOKEN").orElse(null);
        return s;
    }

    /**
     * Signed in through the identity provider as its person {@code login}, as a browser opening Tasklist is: the
     * provider's login page, back to Grantflow, then the session's XSRF token.
     */
    public static WebappSession throughProvider(int port, String engine, oidcprovider.OidcProvider provider, String login) {
        WebappSession s = new WebappSession(port, engine);
        provider.registerWebClient(s.root());
        URI landed = provider.signIn(s.client, URI.create(s.base + "/app/tasklist/" + engine + "/"), login, null);
        if (!landed.toString().startsWith(s.base + "/app/tasklist/")) {
            throw new AssertionError("the sign-in of " + login + " ended at " + landed);
        }
        s.who = s.call(HttpRequest.newBuilder(URI.create(s.base + "/api/admin/auth/user/" + engine)).header("X-XSRF-TOKEN", "Fetch").GET());
        if (s.who.status() != 200) {
            throw new AssertionError("session of " + login + ": " + s.who);
        }
        s.fetchedToken = s.who.raw().headers().firstValue("X-XSRF-TOKEN").orElse(null);
        return s;
    }

    /** A browser that has opened nothing yet: no session, no login. */
    public static WebappSession signedOut(int port) {
        return signedOut(port, "default");
    }

    /** The same, for the engine of that name (the PostgreSQL test context's is {@code postgres}). */
    public static WebappSession signedOut(int port, String engine) {
        return new WebappSession(port, engine);
    }

    /** Signed in through Grantflow's sign-in page (its form, its CSRF token); fails the test unless it goes home. */
    public static WebappSession signIn(int port, String user) {
        return signIn(port, "default", user);
    }

    public static WebappSession signIn(int port, String engine, String user) {
        WebappSession s = signedOut(port, engine);
        Http.Response signedIn = s.signInAs(user, user);
        if (signedIn.status() != 302 || !signedIn.raw().headers().firstValue("Location").orElse("").endsWith("/")) {
            throw new AssertionError("sign-in of " + user + ": " + signedIn);
        }
        return s;
    }

    /** Fills in and posts the sign-in page's form; answers the form's answer (a redirect when signed in). */
    public Http.Response signInAs(String user, String password) {
        Http.Response form = page("/sign-in");
        if (form.status() != 200) {
            throw new AssertionError("the sign-in page: " + form);
        }
        return form("/sign-in", java.util.Map.of("_csrf", csrf(form), "username", user, "password", password));
    }

    /** Asks the webapps who is signed in, as their pages do first, and keeps the session's XSRF token it hands out. */
    public Http.Response whoAtTheWebapps() {
        Http.Response answer = call(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/" + engine)).header("X-XSRF-TOKEN", "Fetch").GET());
        fetchedToken = answer.raw().headers().firstValue("X-XSRF-TOKEN").orElse(null);
        return answer;
    }

    /** The webapps' answer to "who is signed in" ({@code userId}, {@code authorizedApps}) right after the sign-in. */
    public Http.Response who() {
        return who;
    }

    private Http.Response who;

    /** A call to the webapps' engine API; body null sends none. */
    public Http.Response engine(String method, String path, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/" + engine + path))
                .header("X-XSRF-TOKEN", xsrf()).header("Accept", "application/json");
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return call(b);
    }

    /** A call to the webapps' engine API with a body of another type (a deployment's multipart form). */
    public Http.Response engine(String method, String path, String contentType, String body) {
        return call(HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/" + engine + path)).header("X-XSRF-TOKEN", xsrf())
                .header("Accept", "application/json").header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The same call as a forged page would send it: the session's cookie, but not its XSRF token. */
    public Http.Response engineWithoutXsrf(String method, String path, String jsonBody) {
        return call(HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/" + engine + path)).header("Accept", "application/json")
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** A page of Grantflow's own in this session (the desk), path from the host's root; redirects are not followed. */
    public Http.Response page(String path) {
        return call(HttpRequest.newBuilder(URI.create(root() + path)).GET());
    }

    /** A form posted in this session, as a browser posts it (application/x-www-form-urlencoded). */
    public Http.Response form(String path, java.util.Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
        return call(HttpRequest.newBuilder(URI.create(root() + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** The CSRF token a desk page's form carries (Spring's, for this session); fails the test when there is none. */
    public static String csrf(String page) {
        java.util.regex.Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("the page's form carries no CSRF token: " + page);
        }
        return m.group(1);
    }

    public static String csrf(Http.Response page) {
        return csrf(page.body());
    }

    /** A page's bytes (an image), in this session. */
    public byte[] bytes(String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(root() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String root() {
        return base.substring(0, base.length() - "/camunda".length());
    }

    private String fetchedToken;

    private String xsrf() {
        if (fetchedToken != null) {
            return fetchedToken;
        }
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("no XSRF-TOKEN cookie"));
    }

    private Http.Response call(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
