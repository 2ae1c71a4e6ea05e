package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page on another origin sends what a browser sends for it (an {@code Origin} of another site, {@code Sec-Fetch-Site},
 * the form content types) with the victim's Basic credentials, which the browser attaches by itself: every door
 * refuses, nothing changes; the same request from Grantflow's own origin or from a client without those headers works.
 */
@GrantflowTest
class CrossSiteWriteTest {

    static final String EVIL = "http://evil.example";
    static final String BOUNDARY = "----gfboundary";

    @LocalServerPort
    int port;
    @Autowired
    Licenses licenses;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ManagementService management;
    @Autowired
    RepositoryService repository;

    Http http;
    Http operator;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
        operator = http.as("operator");
    }

    String own() {
        return "http://127.0.0.1:" + port;
    }

    /** A request as a browser sends it for a page of {@code origin}. */
    static Http.Response fromPage(Http as, String method, String path, String origin, String fetchSite, String contentType, String body) {
        HttpRequest.Builder b = as.builder(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (fetchSite != null) {
            b.header("Sec-Fetch-Site", fetchSite);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return as.send(b);
    }

    static void assertRefused(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    /** Every way a page on another origin shows itself. */
    static final List<String[]> FOREIGN = List.of(
            new String[] {EVIL, "cross-site"},
            new String[] {EVIL, null},
            new String[] {null, "cross-site"},
            new String[] {"http://127.0.0.1:1", "same-site"},
            new String[] {"null", null});

    // ---- /api -------------------------------------------------------------------------------------------------

    @Test
    void anotherOriginCannotDisconnectAnActivation() throws Exception {
        String activation = activeActivation();
        String path = "/api/v1/remote-activations/" + activation + "/disconnect";
        for (String[] page : FOREIGN) {
            for (String contentType : new String[] {"application/x-www-form-urlencoded", "text/plain", "application/json"}) {
                assertRefused(fromPage(operator, "POST", path, page[0], page[1], contentType, "x=1"), 403, "cross-site-request");
            }
        }
        assertThat(state(activation)).isEqualTo("ACTIVE");
        // a form content type is refused by a JSON endpoint even without a browser's headers
        assertRefused(fromPage(operator, "POST", path, null, null, "application/x-www-form-urlencoded", "x=1"), 415,
                "unsupported-media-type");
        assertRefused(fromPage(operator, "POST", path, null, null, "text/plain", "x"), 415, "unsupported-media-type");
        assertRefused(fromPage(operator, "POST", path, null, null, "multipart/form-data; boundary=" + BOUNDARY,
                "--" + BOUNDARY + "--\r\n"), 415, "unsupported-media-type");
        assertThat(state(activation)).isEqualTo("ACTIVE");
        // a client without a browser's headers (curl, a server) disconnects
        Http.Response r = fromPage(operator, "POST", path, null, null, "application/json", "{}");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    @Test
    void anotherOriginCannotDownloadACreditFileNorStartAnything() {
        String sub = subscription(100);
        String system = linkSystem();
        String assignment = assign(system, sub, 10);
        String download = "/api/v1/credit-assignments/" + assignment + "/download";
        for (String[] page : FOREIGN) {
            assertRefused(fromPage(operator, "POST", download, page[0], page[1], "application/x-www-form-urlencoded", ""), 403,
                    "cross-site-request");
            assertRefused(fromPage(operator, "POST", "/api/v1/systems/" + system + "/credit-assignments", page[0], page[1],
                    "text/plain", "{\"subscriptionId\":\"" + sub + "\",\"credits\":5}"), 403, "cross-site-request");
        }
        assertRefused(fromPage(operator, "POST", download, null, null, "application/x-www-form-urlencoded", ""), 415,
                "unsupported-media-type");
        assertRefused(fromPage(operator, "POST", "/api/v1/systems/" + system + "/credit-assignments", null, null, "text/plain",
                "{\"subscriptionId\":\"" + sub + "\",\"credits\":5}"), 415, "unsupported-media-type");
        JsonNode a = operator.get("/api/v1/credit-assignments/" + assignment).json();
        assertThat(a.path("downloaded").asBoolean()).isFalse();
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(90);
        assertThat(operator.get("/api/v1/systems/" + system).json().path("assignments").size()).isEqualTo(1);

        // Grantflow's own pages (same origin, as Swagger UI or the mobile page send it) download
        Http.Response own = fromPage(operator, "POST", download, own(), "same-origin", "application/json", "");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(operator.get("/api/v1/credit-assignments/" + assignment).json().path("downloaded").asBoolean()).isTrue();
    }

    @Test
    void anotherOriginCannotRotateKeysAsAdmin() {
        Http admin = http.as("admin");
        String kids = http.get("/.well-known/jwks.json").body();
        for (String[] page : FOREIGN) {
            assertRefused(fromPage(admin, "POST", "/api/v1/admin/signing-keys/rotate", page[0], page[1],
                    "application/x-www-form-urlencoded", ""), 403, "cross-site-request");
        }
        assertThat(http.get("/.well-known/jwks.json").body()).isEqualTo(kids);
    }

    @Test
    void allowedOriginsAreNotForeignAndSafeMethodsPass() {
        assertThat(fromPage(operator, "GET", "/api/v1/licenses/LIC-DEMO", EVIL, "cross-site", null, null).status()).isEqualTo(200);
        // the browser's verdict "none" (typed address, bookmark) and its own origin pass
        Http.Response r = fromPage(operator, "POST", "/api/v1/systems", own(), "none", "application/json", "{}");
        assertRefused(r, 400, "invalid-request");
    }

    // ---- /engine-rest ---------------------------------------------------------------------------------------------

    @Test
    void anotherOriginCannotDeployNorExecuteAJobOverEngineRest() {
        Http admin = http.as("admin");
        long deployments = repository.createDeploymentQuery().count();
        String bpmn = "<?xml version=\"1.0\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
                + " targetNamespace=\"x\"><process id=\"crossSite\" isExecutable=\"true\"><startEvent id=\"s\"/></process></definitions>";
        String multipart = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\ncross-site\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"x.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + BOUNDARY + "--\r\n";
        for (String[] page : FOREIGN) {
            assertRefused(fromPage(admin, "POST", "/engine-rest/deployment/create", page[0], page[1],
                    "multipart/form-data; boundary=" + BOUNDARY, multipart), 403, "cross-site-request");
        }
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("crossSite").count()).isZero();

        String sub = subscription(100);
        String processInstance = assigned(linkSystem(), sub, 10).path("processInstanceId").asText();
        List<Job> jobs = management.createJobQuery().processInstanceId(processInstance).list();
        assertThat(jobs).isNotEmpty();
        for (Job job : jobs) {
            for (Http as : List.of(operator, admin)) {
                for (String[] page : FOREIGN) {
                    assertRefused(fromPage(as, "POST", "/engine-rest/job/" + job.getId() + "/execute", page[0], page[1],
                            "text/plain", ""), 403, "cross-site-request");
                    assertRefused(fromPage(as, "PUT", "/engine-rest/job/" + job.getId() + "/suspended", page[0], page[1],
                            "text/plain", "{\"suspended\":true}"), 403, "cross-site-request");
                }
            }
        }
        assertThat(management.createJobQuery().processInstanceId(processInstance).active().count()).isEqualTo(jobs.size());
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(90);
        // a same-origin page (Cockpit's kind of caller) may still post, e.g. a query
        Http.Response query = fromPage(admin, "POST", "/engine-rest/process-instance", own(), "same-origin", "application/json", "{}");
        assertThat(query.status()).as(query.toString()).isEqualTo(200);
    }

    @Test
    void anotherOriginCannotRegisterAWebhookNorIssueAnAccountsTokenNorTurnThemOff() {
        Http acme = http.as("acme-admin");
        String url = "http://127.0.0.1:1/hook";
        String endpoint = acme.postJson("/api/v1/webhook-endpoints", Map.of("url", url)).json().path("id").asText();
        int endpoints = acme.get("/api/v1/webhook-endpoints").json().size();
        int tokens = acme.get("/api/v1/account/api-tokens").json().path("items").size();
        String expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
        for (String[] page : FOREIGN) {
            assertRefused(fromPage(acme, "POST", "/api/v1/webhook-endpoints", page[0], page[1], "text/plain",
                    "{\"url\":\"" + url + "\"}"), 403, "cross-site-request");
            assertRefused(fromPage(acme, "POST", "/api/v1/account/api-tokens", page[0], page[1], "application/json",
                    "{\"clientId\":\"evil\",\"group\":\"customer-admin\",\"expiresAt\":\"" + expires + "\"}"), 403, "cross-site-request");
            assertRefused(fromPage(acme, "POST", "/api/v1/webhook-endpoints/" + endpoint + "/disable", page[0], page[1],
                    "application/x-www-form-urlencoded", ""), 403, "cross-site-request");
            assertRefused(fromPage(acme, "POST", "/api/v1/webhook-endpoints/" + endpoint + "/rotate-secret", page[0], page[1],
                    "text/plain", ""), 403, "cross-site-request");
            assertRefused(fromPage(acme, "DELETE", "/api/v1/webhook-endpoints/" + endpoint, page[0], page[1], null, null), 403,
                    "cross-site-request");
        }
        assertThat(acme.get("/api/v1/webhook-endpoints").json().size()).isEqualTo(endpoints);
        assertThat(acme.get("/api/v1/webhook-endpoints/" + endpoint).json().path("enabled").asBoolean()).isTrue();
        assertThat(acme.get("/api/v1/account/api-tokens").json().path("items").size()).isEqualTo(tokens);
        Http.Response gone = acme.send(acme.builder("/api/v1/webhook-endpoints/" + endpoint).DELETE());
        assertThat(gone.status()).as(gone.toString()).isEqualTo(204);
    }

    @Test
    void actuatorRefusesForeignWrites() {
        assertRefused(fromPage(http.as("admin"), "POST", "/actuator/health", EVIL, "cross-site", "text/plain", ""), 403,
                "cross-site-request");
    }

    // ---- a real browser -------------------------------------------------------------------------------------------

    @Test
    void aPageOnAnotherOriginCannotUseTheBrowsersCachedLogin() throws Exception {
        String activation = activeActivation();
        String sub = subscription(100);
        String assignment = assign(linkSystem(), sub, 10);
        String target = own() + "/api/v1/remote-activations/" + activation + "/disconnect";
        String page = "<!doctype html><html><body>"
                + "<script>fetch('" + own() + "/api/v1/credit-assignments/" + assignment + "/download', {method: 'POST', mode: 'no-cors',"
                + " credentials: 'include', body: 'x'}).finally(() => document.getElementById('f').submit());</script>"
                + "<form id='f' method='POST' enctype='text/plain' action='" + target + "'><input name='x' value='1'></form>"
                + "</body></html>";
        // another origin: "localhost" is another site than "127.0.0.1"
        com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            byte[] html = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        evil.start();
        org.openqa.selenium.chrome.ChromeDriver driver = io.grantflow.support.Browser.start();
        try {
            // the operator once opens Grantflow's API in this browser: the browser keeps the Basic login for the site
            driver.get("http://operator:operator@127.0.0.1:" + port + "/api/v1/licenses/LIC-DEMO");
            assertThat(driver.getPageSource()).contains("LIC-DEMO");
            driver.get("http://localhost:" + evil.getAddress().getPort() + "/");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> driver.getCurrentUrl().equals(target) && driver.getPageSource().contains("cross-site-request"));
        } finally {
            driver.quit();
            evil.stop(0);
        }
        assertThat(state(activation)).isEqualTo("ACTIVE");
        assertThat(operator.get("/api/v1/credit-assignments/" + assignment).json().path("downloaded").asBoolean()).isFalse();
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(90);
    }

    // ---- the webapps ------------------------------------------------------------------------------------------------

    @Test
    void theWebappsApiRefusesForeignWritesEvenWithTheSessionAndItsToken() throws Exception {
        for (String user : List.of("operator", "admin")) {
            CookieManager cookies = new CookieManager();
            HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
            String base = own() + "/camunda";
            client.send(HttpRequest.newBuilder(URI.create(base + "/app/cockpit/default/")).build(), HttpResponse.BodyHandlers.discarding());
            String form = "username=" + user + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/cockpit"))
                    .header("X-XSRF-TOKEN", xsrf(cookies)).header("Origin", own()).header("Sec-Fetch-Site", "same-origin")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(user + " " + login.body()).isEqualTo(200);

            // the new session's XSRF token comes with the first read after the login, as in the webapps themselves
            client.send(HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/default/process-definition/count")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String query = base + "/api/engine/engine/default/task";
            // the webapp itself (same origin, session, token) works
            HttpResponse<String> own = client.send(HttpRequest.newBuilder(URI.create(query)).header("X-XSRF-TOKEN", xsrf(cookies))
                    .header("Origin", own()).header("Sec-Fetch-Site", "same-origin").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(own.statusCode()).as(user + " " + own.body()).isEqualTo(200);
            // another origin: refused even with the session cookie and a valid XSRF token
            HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(URI.create(query)).header("X-XSRF-TOKEN", xsrf(cookies))
                    .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
            assertThat(foreign.body()).contains("cross-site-request");
            // no XSRF token (what a form post from anywhere has): the webapps' own protection refuses
            HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(URI.create(query)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noToken.statusCode()).as(noToken.body()).isEqualTo(403);
        }
    }

    static String xsrf(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }

    // ---- fixtures, through the API itself -----------------------------------------------------------------------------

    String state(String activation) {
        return operator.get("/api/v1/remote-activations/" + activation).json().path("state").asText();
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    String activeActivation() throws Exception {
        String lic = "LIC-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(lic, "ACME", 20, now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installationId", key.id());
        body.put("installationKey", key.publicJwk());
        body.put("seats", 5);
        body.put("expiresAt", now().plus(Duration.ofDays(200)).toString());
        Http.Response added = operator.postJson("/api/v1/licenses/" + lic + "/remote-activations", body);
        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        String id = added.json().path("activationId").asText();
        String processInstance = added.json().path("processInstanceId").asText();
        String token = operator.get("/api/v1/remote-activations/" + id + "/connection-token").body();
        String receipt = key.token("receipt+jwt", id).issuedAt(now()).ttl(Duration.ofMinutes(5))
                .claim("connection_jti", SignedJWT.parse(token).getJWTClaimsSet().getJWTID()).sign();
        Http.Response accepted = http.anonymous().post("/api/v1/remote-activations/" + id + "/receipts", "application/jwt", receipt);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            List<Job> due = management.createJobQuery().processInstanceId(processInstance).executable().list();
            if (due.isEmpty()) {
                break;
            }
            due.forEach(j -> management.executeJob(j.getId()));
        }
        assertThat(state(id)).isEqualTo("ACTIVE");
        return id;
    }

    String subscription(long credits) {
        String id = "SUB-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> subscriptions.create(id, "ACME", "ANNUAL", SubscriptionState.ACTIVE, credits,
                now().minus(Duration.ofDays(30)), now().plus(Duration.ofDays(365)), "test"));
        return id;
    }

    String linkSystem() {
        EdgeKeyPair key = EdgeKeyPair.create("SYS-X");
        Http.Response r = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "Cross-site test",
                "systemKey", key.publicJwk()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("systemId").asText();
    }

    String assign(String system, String sub, long credits) {
        return assigned(system, sub, credits).path("assignmentId").asText();
    }

    JsonNode assigned(String system, String sub, long credits) {
        Http.Response r = operator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", credits));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json();
    }
}
