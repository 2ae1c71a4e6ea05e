package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Every write under {@code /api} reads JSON (or a token as {@code application/jwt} where the contract allows it) and
 * nothing else: the same request as YAML, XML, CBOR, a form or bare bytes is {@code 415 unsupported-media-type} and
 * changes nothing, at every kind of door (a JSON body, a token body, no body at all, admin, the edge's call-in). YAML
 * matters most: it is valid for the endpoint and a YAML reader would take {@code credits: 010} as 8.
 */
@GrantflowTest
class JsonOnlyApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Licenses licenses;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    ManagementService management;
    @Autowired
    RequestMappingHandlerAdapter mvc;

    Http http;
    Http operator;
    Http integrator;
    Http admin;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
        operator = http.as("operator");
        integrator = http.as("integrator");
        admin = http.as("admin");
    }

    /** A request body as each refused format writes it; the YAML one is what a client really sends. */
    record Body(String yaml, Map<String, Object> fields) {
    }

    @Test
    void creditDoorsWhenSentYamlXmlCborOrFormThen415AndNothingChanges() {
        String sub = subscription(100);
        EdgeKeyPair key = EdgeKeyPair.create("SYS-J");
        Body link = new Body("accountId: ACME\nlabel: yaml system\nsystemKey: " + json(key.publicJwk()) + "\n",
                Map.of("accountId", "ACME", "label", "other format", "systemKey", key.publicJwk()));
        long systems = count("SELECT COUNT(*) FROM gf_system");
        long ledger = count("SELECT COUNT(*) FROM gf_ledger_entry");
        refusedInEveryFormat(operator, "/api/v1/systems", link);
        assertThat(count("SELECT COUNT(*) FROM gf_system")).isEqualTo(systems);

        String system = linkSystem(key);
        refusedInEveryFormat(operator, "/api/v1/systems/" + system + "/credit-assignments",
                new Body("subscriptionId: " + sub + "\ncredits: 010\n", Map.of("subscriptionId", sub, "credits", 8)));
        assertThat(operator.get("/api/v1/systems/" + system).json().path("assignments")).isEmpty();
        assertThat(available(sub)).isEqualTo(100);
        assertThat(count("SELECT COUNT(*) FROM gf_ledger_entry")).isEqualTo(ledger);

        Http.Response assigned = operator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", 10));
        assertThat(assigned.status()).as("%s", assigned).isEqualTo(202);
        String assignment = assigned.json().path("assignmentId").asText();
        long ledgerAssigned = count("SELECT COUNT(*) FROM gf_ledger_entry");
        refusedInEveryFormat(operator, "/api/v1/credit-assignments/" + assignment + "/download", new Body("x: 1\n", Map.of("x", 1)));
        refusedInEveryFormat(operator, "/api/v1/credit-assignments/" + assignment + "/revocations", new Body("{}\n", Map.of()));
        assertThat(operator.get("/api/v1/credit-assignments/" + assignment).json().path("downloaded").asBoolean()).isFalse();
        assertThat(operator.get("/api/v1/credit-assignments/" + assignment).json().path("state").asText()).isEqualTo("ASSIGNED");
        assertThat(available(sub)).isEqualTo(90);
        assertThat(count("SELECT COUNT(*) FROM gf_ledger_entry")).isEqualTo(ledgerAssigned);

        // JSON, with or without a charset, still goes through
        Http.Response downloaded = operator.post("/api/v1/credit-assignments/" + assignment + "/download", "application/json; charset=UTF-8", "");
        assertThat(downloaded.status()).as("%s", downloaded).isEqualTo(200);
    }

    @Test
    void activationDoorsWhenSentYamlXmlCborOrFormThen415AndNothingChanges() throws Exception {
        String lic = "LIC-J-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(lic, "ACME", 20, now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair key = EdgeKeyPair.create("INST-J-" + UUID.randomUUID());
        Map<String, Object> add = new LinkedHashMap<>(Map.of("installationId", key.id(), "installationKey", key.publicJwk(), "seats", 5,
                "expiresAt", now().plus(Duration.ofDays(200)).toString()));
        long activations = count("SELECT COUNT(*) FROM gf_remote_activation");
        refusedInEveryFormat(integrator, "/api/v1/licenses/" + lic + "/remote-activations", new Body("installationId: " + key.id()
                + "\ninstallationKey: " + json(key.publicJwk()) + "\nseats: 5\nexpiresAt: " + add.get("expiresAt") + "\n", add));
        assertThat(count("SELECT COUNT(*) FROM gf_remote_activation")).isEqualTo(activations);

        Http.Response added = integrator.postJson("/api/v1/licenses/" + lic + "/remote-activations", add);
        assertThat(added.status()).as("%s", added).isEqualTo(202);
        String activation = added.json().path("activationId").asText();
        String processInstance = added.json().path("processInstanceId").asText();
        String connectionJti = SignedJWT.parse(integrator.get("/api/v1/remote-activations/" + activation + "/connection-token").body())
                .getJWTClaimsSet().getJWTID();
        String receipt = key.token("receipt+jwt", activation).claim("connection_jti", connectionJti).sign();

        // the receipt, at its own door and in a call-in, in any other format: not taken (a token is used once)
        refusedInEveryFormat(http.anonymous(), "/api/v1/remote-activations/" + activation + "/receipts",
                new Body("token: " + receipt + "\n", Map.of("token", receipt)));
        refusedInEveryFormat(http.bearer(key.token("callin+jwt", key.id()).sign()), "/api/v1/edge/call-in",
                new Body("receipts:\n  - " + receipt + "\n", Map.of("receipts", List.of(receipt))));
        assertThat(state(activation)).isEqualTo("PENDING");
        Http.Response accepted = http.anonymous().post("/api/v1/remote-activations/" + activation + "/receipts", "application/jwt", receipt);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        runJobs(processInstance);
        assertThat(state(activation)).isEqualTo("ACTIVE");

        String update = key.token("update+jwt", activation).claim("seats", 5).claim("license", lic).sign();
        refusedInEveryFormat(integrator, "/api/v1/remote-activations/updates", new Body("token: " + update + "\n", Map.of("token", update)));
        assertThat(count("SELECT COUNT(*) FROM gf_activation_update WHERE activation_id = ?", activation)).isZero();
        refusedInEveryFormat(operator, "/api/v1/remote-activations/" + activation + "/disconnect", new Body("{}\n", Map.of()));
        runJobs(processInstance);
        assertThat(state(activation)).isEqualTo("ACTIVE");
    }

    @Test
    void adminDoorsWhenSentYamlXmlCborOrFormThen415AndNothingChanges() {
        String expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
        long tokens = count("SELECT COUNT(*) FROM gf_api_token");
        refusedInEveryFormat(admin, "/api/v1/admin/api-tokens", new Body("clientId: yaml-portal\ngroup: integrators\nexpiresAt: " + expires + "\n",
                Map.of("clientId", "other-portal", "group", "integrators", "expiresAt", expires)));
        assertThat(count("SELECT COUNT(*) FROM gf_api_token")).isEqualTo(tokens);

        String jwks = http.get("/.well-known/jwks.json").body();
        refusedInEveryFormat(admin, "/api/v1/admin/signing-keys/rotate", new Body("{}\n", Map.of()));
        assertThat(http.get("/.well-known/jwks.json").body()).isEqualTo(jwks);
    }

    @Test
    void springMvcHasNoReaderButJsonForAnyBody() {
        List<MediaType> others = List.of(MediaType.parseMediaType("application/yaml"), MediaType.APPLICATION_XML,
                MediaType.parseMediaType("application/cbor"), MediaType.parseMediaType("application/x-jackson-smile"),
                MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA);
        for (HttpMessageConverter<?> converter : mvc.getMessageConverters()) {
            for (MediaType type : others) {
                for (Class<?> body : List.of(Map.class, LinkedMultiValueMap.class, Object.class)) {
                    assertThat(converter.canRead(body, type)).as("%s reads %s as %s", converter, type, body.getSimpleName()).isFalse();
                }
            }
        }
    }

    // ---- the formats ----------------------------------------------------------------------------------------------

    private void refusedInEveryFormat(Http as, String path, Body body) {
        Map<String, byte[]> formats = new LinkedHashMap<>();
        formats.put("application/yaml", utf8(body.yaml()));
        formats.put("application/yaml; charset=UTF-8", utf8(body.yaml()));
        formats.put("text/yaml", utf8(body.yaml()));
        formats.put("application/xml", utf8(xml(body.fields())));
        formats.put("text/xml", utf8(xml(body.fields())));
        formats.put("application/cbor", cbor(body.fields()));
        formats.put("application/x-www-form-urlencoded", utf8(form(body.fields())));
        formats.put("multipart/form-data; boundary=gfpart", utf8(multipart(body.fields())));
        formats.put("application/octet-stream", utf8(json(body.fields())));
        formats.put("application/x-ndjson", utf8(json(body.fields())));
        formats.forEach((contentType, bytes) -> {
            Http.Response r = as.send(as.builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
            assertThat(r.status()).as("POST %s as %s: %s", path, contentType, r).isEqualTo(415);
            assertThat(r.code()).as("POST %s as %s", path, contentType).isEqualTo("unsupported-media-type");
        });
    }

    private static String xml(Map<String, Object> fields) {
        return "<?xml version=\"1.0\"?><request>" + fields.entrySet().stream()
                .map(e -> "<" + e.getKey() + ">" + e.getValue() + "</" + e.getKey() + ">").collect(Collectors.joining()) + "</request>";
    }

    private static String form(Map<String, Object> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String multipart(Map<String, Object> fields) {
        return fields.entrySet().stream().map(e -> "--gfpart\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                + e.getValue() + "\r\n").collect(Collectors.joining()) + "--gfpart--\r\n";
    }

    /** RFC 8949: maps, arrays, text strings and unsigned integers are all these bodies hold. */
    private static byte[] cbor(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cbor(out, value);
        return out.toByteArray();
    }

    private static void cbor(ByteArrayOutputStream out, Object value) {
        if (value instanceof Map<?, ?> map) {
            head(out, 5, map.size());
            map.forEach((k, v) -> {
                cbor(out, k);
                cbor(out, v);
            });
        } else if (value instanceof List<?> list) {
            head(out, 4, list.size());
            list.forEach(v -> cbor(out, v));
        } else if (value instanceof Number n) {
            head(out, 0, n.longValue());
        } else {
            byte[] text = utf8(String.valueOf(value));
            head(out, 3, text.length);
            out.writeBytes(text);
        }
    }

    private static void head(ByteArrayOutputStream out, int major, long n) {
        if (n < 24) {
            out.write(major << 5 | (int) n);
        } else if (n < 256) {
            out.write(major << 5 | 24);
            out.write((int) n);
        } else {
            out.write(major << 5 | 25);
            out.write((int) (n >> 8));
            out.write((int) n & 0xff);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- fixtures, through the API itself ------------------------------------------------------------------------

    long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    String subscription(long credits) {
        String id = "SUB-J-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> subscriptions.create(id, "ACME", "ANNUAL", SubscriptionState.ACTIVE, credits,
                now().minus(Duration.ofDays(30)), now().plus(Duration.ofDays(365)), "test"));
        return id;
    }

    long available(String sub) {
        return operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong();
    }

    String linkSystem(EdgeKeyPair key) {
        Http.Response r = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "JSON system", "systemKey", key.publicJwk()));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("systemId").asText();
    }

    String state(String activation) {
        return operator.get("/api/v1/remote-activations/" + activation).json().path("state").asText();
    }

    void runJobs(String processInstance) {
        for (int i = 0; i < 20; i++) {
            List<Job> due = management.createJobQuery().processInstanceId(processInstance).executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> management.executeJob(j.getId()));
        }
    }
}
