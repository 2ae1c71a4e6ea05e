package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.shared.RequestLimitFilter;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.TokenVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ManagementService;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Generated hostile input against the token verifier and every endpoint of the API that takes input: mutated and
 * random tokens, wrong numbers, wrong types, unknown ids, oversized and deeply nested JSON, wrong content types,
 * missing bodies. Every answer must be a 4xx problem with a code, never a 5xx, and nothing may change: pools,
 * ledger, flows, activations, updates, assignments, tokens, keys, idempotency keys. The generator is seeded: the seed
 * is printed, and {@code -Dhostile.seed=N} replays a run.
 */
@GrantflowTest
class HostileInputTest {

    static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    static final int HTTP_INPUTS = Integer.getInteger("hostile.http-inputs", 1200);
    static final int VERIFIER_INPUTS = Integer.getInteger("hostile.verifier-inputs", 4000);

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
    TokenVerifier verifier;
    @Autowired
    ManagementService management;
    @Autowired
    RequestLimitFilter requestLimits;

    /** What the generator aims at: one of each thing in a state where input could change it. */
    record Fixture(String license, String subscription, String system, ECKey systemKey, String installation, ECKey installationKey,
            String activation, String connectionJti, String update, String assignment, String fileJti, String acceptedCallIn,
            String acceptedReceipt) {
    }

    Fixture f;

    @BeforeEach
    void fixture() {
        System.out.println("hostile input: seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String license = "LIC-H-" + suffix;
        String subscription = "SUB-H-" + suffix;
        tx.executeWithoutResult(s -> {
            licenses.create(license, "ACME", 10, now.plus(Duration.ofDays(365)), "hostile-test");
            subscriptions.create(subscription, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 100, now, now.plus(Duration.ofDays(365)),
                    "hostile-test");
        });
        Http operator = Http.at(port).as("operator");
        Http integrator = Http.at(port).as("integrator");

        // an ACTIVE activation with an update waiting for its seats
        String installation = "INST-H-" + suffix;
        ECKey installationKey = HostileInput.newKey();
        Http.Response added = integrator.postJson("/api/v1/licenses/" + license + "/remote-activations", Map.of("installationId",
                installation, "installationKey", installationKey.toPublicJWK().toJSONObject(), "seats", 2, "expiresAt",
                now.plus(Duration.ofDays(100)).toString()));
        assertThat(added.status()).as("%s", added).isEqualTo(202);
        String activation = added.json().path("activationId").asText();
        String processInstance = added.json().path("processInstanceId").asText();
        String connectionToken = integrator.get("/api/v1/remote-activations/" + activation + "/connection-token").body();
        String connectionJti = jti(connectionToken);
        HostileInput signer = new HostileInput(0);
        HostileInput.TokenSpec receiptSpec = new HostileInput.TokenSpec("receipt+jwt", installation, activation, installationKey,
                Map.of("connection_jti", connectionJti), null);
        String receipt = signer.sign(receiptSpec, c -> { }, h -> { });
        assertThat(Http.at(port).post("/api/v1/remote-activations/" + activation + "/receipts", "application/jwt", receipt).status())
                .isEqualTo(200);
        for (Job job : management.createJobQuery().processInstanceId(processInstance).executable().list()) {
            management.executeJob(job.getId());
        }
        HostileInput.TokenSpec updateSpec = new HostileInput.TokenSpec("update+jwt", installation, activation, installationKey,
                Map.of("seats", 2, "license", license), null);
        Http.Response update = integrator.post("/api/v1/remote-activations/updates", "application/jwt",
                signer.sign(updateSpec, c -> { }, h -> { }));
        assertThat(update.status()).as("%s", update).isEqualTo(202);

        // a system, called in once, with an assignment whose revoke waits for the revoke key
        ECKey systemKey = HostileInput.newKey();
        Http.Response linked = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "hostile",
                "systemKey", systemKey.toPublicJWK().toJSONObject()));
        assertThat(linked.status()).isEqualTo(201);
        String system = linked.json().path("systemId").asText();
        String callIn = signer.sign(new HostileInput.TokenSpec("callin+jwt", system, system, systemKey, Map.of(), null), c -> { }, h -> { });
        Http.Response called = Http.at(port).bearer(callIn).postJson("/api/v1/edge/call-in", Map.of());
        assertThat(called.status()).as("%s", called).isEqualTo(200);
        // the call-in made it online for the online window: an offline assignment needs a system not seen lately
        jdbc.update("UPDATE gf_system SET last_seen_at = NULL WHERE id = ?", system);
        Http.Response assigned = integrator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", subscription, "credits", 5));
        assertThat(assigned.status()).as("%s", assigned).isEqualTo(202);
        String assignment = assigned.json().path("assignmentId").asText();
        Http.Response file = operator.post("/api/v1/credit-assignments/" + assignment + "/download", "application/json", "");
        assertThat(file.status()).isEqualTo(200);
        Http.Response revoke = operator.postJson("/api/v1/credit-assignments/" + assignment + "/revocations", Map.of());
        assertThat(revoke.json().path("status").asText()).isEqualTo("AWAITING_REVOKE_KEY");

        f = new Fixture(license, subscription, system, systemKey, installation, installationKey, activation, connectionJti,
                update.json().path("updateId").asText(), assignment, jti(file.body()), jti(callIn), jti(receipt));
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void tokenVerifierWhenGivenMutatedOrRandomTokensThenRefusesEachWithItsCode() {
        HostileInput gen = new HostileInput(SEED);
        Map<String, Integer> codes = new TreeMap<>();
        int tried = 0;
        for (int i = 0; i < VERIFIER_INPUTS; i++) {
            TokenSpecAndType target = tokenTarget(gen);
            HostileInput.Variant v = gen.token(target.spec());
            if (!v.verifierRefuses()) {
                continue;
            }
            tried++;
            try {
                verifier.verifyFromEdge(v.token(), target.type());
                fail("seed %d, input %d (%s of a %s) was accepted: %s", SEED, i, v.what(), target.type(), v.token());
            } catch (TokenException refused) {
                codes.merge(refused.code(), 1, Integer::sum);
            } catch (Throwable other) {
                throw new AssertionError("seed " + SEED + ", input " + i + " (" + v.what() + " of a " + target.type() + "): "
                        + other + " instead of a token code; token: " + v.token(), other);
            }
        }
        System.out.println("hostile input: token verifier refused " + tried + " generated tokens: " + codes);
        assertThat(codes.keySet()).contains("token-malformed", "token-invalid-signature", "token-wrong-type", "token-expired",
                "token-unknown-key", "token-algorithm-not-allowed", "token-wrong-audience", "token-not-yet-valid", "token-too-large",
                "token-replayed");
    }

    @Test
    void everyEndpointWhenGivenHostileInputThenAnswers4xxProblemAndChangesNothing() throws Exception {
        HostileInput gen = new HostileInput(SEED);
        String before = snapshot();
        Map<String, Integer> answers = new TreeMap<>();
        List<Supplier<Input>> generators = generators(gen);
        int unsendable = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < HTTP_INPUTS; i++) {
            Input input = generators.get(gen.random.nextInt(generators.size())).get();
            Answer answer = send(input);
            if (answer == null) {
                unsendable++;
                continue;
            }
            String label = "seed " + SEED + ", input " + i + ": " + input.describe() + " -> " + answer;
            assertThat(answer.status()).as(label).isBetween(400, 499);
            assertThat(answer.contentType()).as(label).startsWith("application/problem+json");
            assertThat(answer.code()).as(label).isNotBlank();
            answers.merge(answer.status() + " " + answer.code(), 1, Integer::sum);
            if (i % 50 == 0 || i == HTTP_INPUTS - 1) {
                assertThat(snapshot()).as("state after " + label).isEqualTo(before);
            }
        }
        // the rare inputs, every run
        for (Input input : fixedInputs()) {
            Answer answer = send(input);
            String label = "seed " + SEED + ": " + input.describe() + " -> " + answer;
            assertThat(answer.status()).as(label).isBetween(400, 499);
            assertThat(answer.code()).as(label).isNotBlank();
            answers.merge(answer.status() + " " + answer.code(), 1, Integer::sum);
        }
        assertThat(snapshot()).isEqualTo(before);
        System.out.printf("hostile input: %d HTTP inputs in %.1f s (%d more not sendable by an HTTP client), every answer a 4xx"
                + " problem, state unchanged: %s%n", HTTP_INPUTS + fixedInputs().size() - unsendable, (System.nanoTime() - t0) / 1e9,
                unsendable, answers);
        // leave the rate limiter's bucket for this address full for the tests that follow
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> requestLimits.isFull("127.0.0.1"));
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    record Input(String method, String path, String user, String bearer, String contentType, byte[] body, String what) {
        String describe() {
            String shown = body == null ? "(no body)" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8)
                    + (body.length > 300 ? "... (" + body.length + " bytes)" : "");
            return what + ": " + method + " " + path + " as " + (user != null ? user : bearer != null ? "bearer" : "anonymous")
                    + " [" + contentType + "] " + shown;
        }
    }

    record Answer(int status, String contentType, String code, String body) {
        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    record TokenSpecAndType(HostileInput.TokenSpec spec, TokenType type) {
    }

    private TokenSpecAndType tokenTarget(HostileInput gen) {
        return tokenTarget(gen, gen.random.nextInt(4));
    }

    private List<Supplier<Input>> generators(HostileInput gen) {
        List<Supplier<Input>> g = new ArrayList<>();
        // tokens at the four endpoints that take them
        g.add(() -> {
            HostileInput.Variant v = tokenVariant(gen, 0);
            return new Input("POST", "/api/v1/edge/call-in", null, v.token(), "application/json", bytes("{}"), "call-in bearer " + v.what());
        });
        g.add(() -> {
            HostileInput.Variant v = tokenVariant(gen, 1);
            return json("operator", "/api/v1/credit-assignments/" + f.assignment() + "/revocations",
                    "{\"revokeKey\":" + quote(v.token()) + "}", "revoke key " + v.what());
        });
        g.add(() -> {
            HostileInput.Variant v = tokenVariant(gen, 2);
            boolean asJwt = gen.random.nextBoolean();
            return new Input("POST", "/api/v1/remote-activations/" + f.activation() + "/receipts", null, null,
                    asJwt ? "application/jwt" : "application/json", bytes(asJwt ? v.token() : "{\"token\":" + quote(v.token()) + "}"),
                    "receipt " + v.what());
        });
        g.add(() -> {
            HostileInput.Variant v = tokenVariant(gen, 3);
            boolean asJwt = gen.random.nextBoolean();
            return new Input("POST", "/api/v1/remote-activations/updates", "integrator", null,
                    asJwt ? "application/jwt" : "application/json", bytes(asJwt ? v.token() : "{\"token\":" + quote(v.token()) + "}"),
                    "update token " + v.what());
        });
        // JSON bodies: one field wrong at a time, the others right
        g.add(() -> {
            Map<String, String> body = new LinkedHashMap<>(new TreeMap<>(Map.of("subscriptionId", quote(f.subscription()), "credits", "1")));
            String field = mutate(gen, body, Map.of(
                    "subscriptionId", () -> gen.pick(gen.badId(), "\"SUB-INACTIVE\"", "\"SUB-GLOBEX\"").toString(),
                    "credits", () -> gen.badCount(1000001),
                    "autoRevokeAt", gen::badTime));
            String system = gen.random.nextInt(5) == 0 ? "SYS-NOPE" + gen.random.nextInt(1000) : f.system();
            return json(gen.random.nextBoolean() ? "integrator" : "operator", "/api/v1/systems/" + system + "/credit-assignments",
                    object(body), "credit assignment, " + field);
        });
        g.add(() -> {
            Map<String, String> body = new LinkedHashMap<>(new TreeMap<>(Map.of("accountId", "\"ACME\"", "label", "\"x\"",
                    "systemKey", HostileInput.json(HostileInput.newKey().toPublicJWK().toJSONObject()))));
            String field = mutate(gen, body, Map.of(
                    "accountId", gen::badId,
                    "label", () -> gen.pick("null", "\"\"", "\"   \"", "\"" + "l".repeat(201) + "\"", "[]", "{}").toString(),
                    "systemKey", () -> gen.badJwk(HostileInput.newKey())));
            return json("operator", "/api/v1/systems", object(body), "link system, " + field);
        });
        g.add(() -> {
            Map<String, String> body = new LinkedHashMap<>(new TreeMap<>(Map.of("installationId", quote("INST-N-" + gen.random.nextInt(1_000_000)),
                    "installationKey", HostileInput.json(HostileInput.newKey().toPublicJWK().toJSONObject()), "seats", "1",
                    "expiresAt", quote(Instant.now().plus(Duration.ofDays(30)).toString()))));
            String field = mutate(gen, body, Map.of(
                    "installationId", () -> gen.pick("null", "\"\"", "\"   \"", "\"" + "x".repeat(65) + "\"", "[]", "{}",
                            "\"../x\"", "\"' OR 1=1\"", "\"-dash\"", "\"a b\"", "\"a/b\"", "\"" + gen.randomUnicode(6) + "\"")
                            .toString(),
                    "installationKey", () -> gen.badJwk(HostileInput.newKey()),
                    "seats", () -> gen.badCount(100001),
                    "expiresAt", gen::badTime));
            String license = gen.random.nextInt(5) == 0 ? "LIC-NOPE" : f.license();
            return json("integrator", "/api/v1/licenses/" + license + "/remote-activations", object(body), "add activation, " + field);
        });
        g.add(() -> {
            // the license has 8 seats left: 11 and more are above it
            Map<String, String> body = new LinkedHashMap<>(Map.of("seats", "3"));
            String field = mutate(gen, body, Map.of(
                    "seats", () -> gen.pick(gen.badCount(100001), "11", "5000").toString(),
                    "expiresAt", () -> gen.pick("\"2020-01-01T00:00:00Z\"", "\"2999-01-01T00:00:00Z\"", "\"soon\"", "12", "[]").toString()));
            String update = gen.random.nextInt(5) == 0 ? "UPD-NOPE" : f.update();
            return json("operator", "/api/v1/remote-activations/updates/" + update + "/seat-configuration", object(body),
                    "seat configuration, " + field);
        });
        g.add(() -> json("operator", "/api/v1/remote-activations/updates/" + f.update() + "/reduction-approval",
                gen.pick("{\"approved\":true}", "{\"approved\":false}", "{\"approved\":null}", "{\"approved\":\"yes\"}", "{}",
                        "{\"approved\":[]}").toString(), "reduction approval while none is asked"));
        g.add(() -> json("operator", "/api/v1/credit-assignments/" + gen.pick(f.assignment(), "CA-NOPE").toString() + "/revocations",
                gen.pick("{}", "{\"revokeKey\":null}", "{\"revokeKey\":12}", "{\"revokeKey\":\"" + "k".repeat(8193) + "\"}",
                        "{\"revokeKey\":[]}", "{\"revokeKey\":{}}", "{\"other\":1}").toString(), "revocation body"));
        g.add(() -> new Input("POST", "/api/v1/credit-assignments/" + gen.pick(f.assignment(), "CA-NOPE", "%20").toString() + "/download",
                "operator", null, null, null, "download of a revoking or unknown assignment"));
        g.add(() -> new Input("POST", "/api/v1/remote-activations/" + gen.pick("RA-NOPE", "x", UUID.randomUUID().toString()).toString()
                + "/disconnect", "operator", null, "application/json", bytes("{}"), "disconnect of an unknown activation"));
        // call-in bodies: broken ones with a valid bearer (the body is refused before the bearer is spent), others with a bad one
        g.add(() -> {
            String body = gen.pick("{\"receipts\":\"x\"}", "{\"unknown\":[]}", "{\"receipts\":[" + "\"r\",".repeat(100) + "\"r\"]}",
                    "{\"revokeKeys\":[" + "\"k\",".repeat(100) + "\"k\"]}", "{\"receipts\":", "[]", "\"x\"", "{\"receipts\":[[]]}",
                    "{\"receipts\":[{}]}", HostileInput.deep(10000)).toString();
            boolean validBearer = gen.random.nextBoolean();
            String bearer = validBearer ? gen.sign(tokenTarget(gen, 0).spec(), c -> { }, h -> { }) : gen.garbage();
            return new Input("POST", "/api/v1/edge/call-in", null, bearer, "application/json", bytes(body),
                    "call-in body with a " + (validBearer ? "valid" : "bad") + " bearer");
        });
        // any JSON endpoint: wrong content type, no body, malformed, deep, duplicate keys, not an object
        g.add(() -> {
            String[] target = jsonEndpoint(gen);
            String contentType = gen.pick("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/json; charset=bogus", "application/json; charset=UTF-32", "image/png", "*/*", "xx", "application/jwt").toString();
            if (contentType.equals("application/jwt") && target[1].endsWith("/receipts")) {
                contentType = "text/plain";
            }
            if (contentType.equals("application/jwt") && target[1].endsWith("/updates")) {
                contentType = "text/html";
            }
            return new Input("POST", target[1], target[0], null, contentType, bytes("{\"a\":1}"), "wrong content type");
        });
        g.add(() -> {
            String[] target = jsonEndpoint(gen);
            Object body = gen.pick(null, "", "{", "{\"a\":", "null", "[]", "12", "\"s\"", "{\"x\":1,\"x\":2}", HostileInput.deep(10000),
                    "{\"a\":".repeat(10000) + "1" + "}".repeat(10000), "\u0000", gen.randomUnicode(20), "{\"seats\":1,\"seats\":-1}",
                    "{\"credits\":1,\"credits\":1,\"subscriptionId\":\"x\"}");
            return new Input("POST", target[1], target[0], null, "application/json", body == null ? null : bytes(body.toString()),
                    "broken JSON");
        });
        // reads with unknown ids and broken parameters
        g.add(() -> {
            String id = gen.pick("NOPE", UUID.randomUUID().toString(), "x".repeat(300), "%E2%80%AE", "a.b", "-").toString();
            String path = gen.pick("/api/v1/licenses/", "/api/v1/remote-activations/", "/api/v1/remote-activations/updates/",
                    "/api/v1/subscriptions/", "/api/v1/systems/", "/api/v1/credit-assignments/",
                    "/api/v1/audit/timeline/activation/", "/api/v1/audit/timeline/nonsense/", "/api/v1/audit/evidence/assignment/")
                    .toString() + id;
            String user = path.contains("/audit/") ? "auditor" : "operator";
            return new Input("GET", path, user, null, null, null, "read of an unknown id");
        });
        g.add(() -> new Input("GET", "/api/v1/audit/ledger?" + gen.pick("from=yesterday", "to=2026-99-01", "from=1e99",
                "from=%00", "to=-1000000000-01-01T00:00:00Z", "from=+999999999-12-31T23:59:59Z&to=x").toString(), "auditor", null, null, null,
                "ledger with broken times"));
        return g;
    }

    private HostileInput.Variant tokenVariant(HostileInput gen, int kind) {
        for (int attempt = 0; attempt < 50; attempt++) {
            HostileInput.Variant v = gen.token(tokenTarget(gen, kind).spec());
            if (v.verifierRefuses() || v.what().equals("wrong subject")) {
                return v;
            }
        }
        throw new IllegalStateException("no refusable variant");
    }

    private TokenSpecAndType tokenTarget(HostileInput gen, int kind) {
        return switch (kind) {
            case 0 -> new TokenSpecAndType(new HostileInput.TokenSpec("callin+jwt", f.system(), f.system(), f.systemKey(), Map.of(),
                    f.acceptedCallIn()), TokenType.CALLIN);
            case 1 -> new TokenSpecAndType(new HostileInput.TokenSpec("revoke+jwt", f.system(), f.assignment(), f.systemKey(),
                    Map.of("file_jti", f.fileJti()), f.acceptedCallIn()), TokenType.REVOKE);
            case 2 -> new TokenSpecAndType(new HostileInput.TokenSpec("receipt+jwt", f.installation(), f.activation(), f.installationKey(),
                    Map.of("connection_jti", f.connectionJti()), f.acceptedReceipt()), TokenType.RECEIPT);
            default -> new TokenSpecAndType(new HostileInput.TokenSpec("update+jwt", f.installation(), f.activation(), f.installationKey(),
                    Map.of("seats", 2, "license", f.license()), f.acceptedReceipt()), TokenType.UPDATE);
        };
    }

    /** {user, path} of a JSON endpoint, aimed at the fixture. */
    private String[] jsonEndpoint(HostileInput gen) {
        List<String[]> endpoints = List.of(
                new String[] {"integrator", "/api/v1/systems/" + f.system() + "/credit-assignments"},
                new String[] {"operator", "/api/v1/systems"},
                new String[] {"integrator", "/api/v1/licenses/" + f.license() + "/remote-activations"},
                new String[] {"integrator", "/api/v1/remote-activations/updates"},
                new String[] {"operator", "/api/v1/remote-activations/updates/" + f.update() + "/seat-configuration"},
                new String[] {"operator", "/api/v1/remote-activations/updates/" + f.update() + "/reduction-approval"},
                new String[] {"operator", "/api/v1/credit-assignments/" + f.assignment() + "/revocations"},
                new String[] {null, "/api/v1/remote-activations/" + f.activation() + "/receipts"},
                new String[] {null, "/api/v1/edge/call-in"});
        return endpoints.get(gen.random.nextInt(endpoints.size()));
    }

    /** Sets one field to a hostile value (or drops it, or adds an unknown one); answers what was done. */
    private static String mutate(HostileInput gen, Map<String, String> body, Map<String, Supplier<String>> hostile) {
        int choice = gen.random.nextInt(hostile.size() + 2);
        if (choice == hostile.size()) {
            String required = body.keySet().iterator().next();
            body.remove(required);
            return "missing " + required;
        }
        if (choice == hostile.size() + 1) {
            body.put("unexpected" + gen.random.nextInt(10), "1");
            return "unknown field";
        }
        String field = new ArrayList<>(new TreeMap<>(hostile).keySet()).get(choice);
        String value = hostile.get(field).get();
        body.put(field, value);
        return field + "=" + value;
    }

    /** Inputs too large or too rare to leave to chance: 5 MB bodies, chunked floods, 10,000 levels, every content type. */
    private List<Input> fixedInputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(json("integrator", "/api/v1/systems/" + f.system() + "/credit-assignments", HostileInput.deep(10000), "10,000 levels"));
        inputs.add(json("operator", "/api/v1/systems", "{\"label\":" + "{\"a\":".repeat(10000) + "1" + "}".repeat(10000) + "}",
                "10,000 levels of objects"));
        inputs.add(json("operator", "/api/v1/systems", "{\"label\":\"" + "x".repeat(70_000) + "\"}", "body above 64 KiB"));
        inputs.add(new Input("POST", "/api/v1/edge/call-in", null, "x".repeat(7000), "application/json", bytes("{}"), "7 KB garbage bearer"));
        return inputs;
    }

    private Input json(String user, String path, String body, String what) {
        return new Input("POST", path, user, null, "application/json", bytes(body), what);
    }

    private static String object(Map<String, String> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
        return s.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    private Answer send(Input input) {
        Http http = Http.at(port);
        if (input.user() != null) {
            http = http.as(input.user());
        } else if (input.bearer() != null) {
            http = http.bearer(input.bearer());
        }
        Http.Response r;
        try {
            r = sendOnce(http, input);
        } catch (IllegalArgumentException headerRefusedByClient) {
            return null; // an HTTP client cannot even send it (control characters in a header)
        }
        if (r.status() == 429) {
            // the edge endpoints' rate limit: send the same input again until the limiter lets it through
            Http client = http;
            long retryAfter = Long.parseLong(r.raw().headers().firstValue("Retry-After").orElse("1"));
            r = await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(retryAfter)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sendOnce(client, input), again -> again.status() != 429);
        }
        String code = r.contentType().startsWith("application/problem+json") ? r.json().path("code").asText() : "";
        return new Answer(r.status(), r.contentType(), code, r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
    }

    private static Http.Response sendOnce(Http http, Input input) {
        HttpRequest.Builder b = http.builder(input.path());
        if (input.contentType() != null) {
            b.header("Content-Type", input.contentType());
        }
        b.method(input.method(), input.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(input.body()));
        return http.send(b);
    }

    @Test
    void fiveMegabyteBodiesWhenAnnouncedOrChunkedThen413BeforeTheyAreRead() throws Exception {
        for (String path : List.of("/api/v1/systems", "/api/v1/edge/call-in", "/api/v1/remote-activations/updates")) {
            String announced = raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic b3BlcmF0b3I6b3BlcmF0b3I=\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n", 16 * 1024);
            assertThat(announced).as("5 MB announced on " + path).startsWith("HTTP/1.1 413").contains("application/problem+json")
                    .contains("\"code\":\"payload-too-large\"");
            String chunked = raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic b3BlcmF0b3I6b3BlcmF0b3I=\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", -(5 * 1024 * 1024));
            assertThat(chunked).as("5 MB chunked on " + path).startsWith("HTTP/1.1 413").contains("\"code\":\"payload-too-large\"");
        }
        System.out.println("hostile input: 5 MB bodies (announced and chunked) on 3 endpoints answered 413 payload-too-large");
    }

    /**
     * Sends {@code head}, then up to |bodyBytes| of body (chunked when negative) until the server answers, and reads
     * the answer: the server must answer before the whole body is sent.
     */
    private String raw(String head, int bodyBytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            int total = Math.abs(bodyBytes);
            boolean chunked = bodyBytes < 0;
            try {
                for (int sent = 0; sent < total && in.available() == 0; sent += chunk.length) {
                    if (chunked) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(chunk);
                    }
                    out.flush();
                    if (sent > 256 * 1024) {
                        awaitAnswer(in); // give the answer time to arrive; the server reads no more than it must
                    }
                }
            } catch (IOException closedByServer) {
                // the server answered and closed: read what it said
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            try {
                while ((n = in.read(buffer)) != -1) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // closed after the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits a few milliseconds at most for the first bytes of the server's answer. */
    private static void awaitAnswer(InputStream in) {
        try {
            await().atMost(Duration.ofMillis(5)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> in.available() > 0);
        } catch (ConditionTimeoutException stillReading) {
            // no answer yet: send the next chunk
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    /** Everything a request could change, as one comparable text. */
    private String snapshot() {
        StringBuilder s = new StringBuilder();
        s.append(jdbc.queryForList("SELECT id, total, available, pending, head_seq FROM gf_pool ORDER BY id")).append('\n');
        s.append(jdbc.queryForList("SELECT pool_id, holder_id, held, pending FROM gf_holding ORDER BY pool_id, holder_id")).append('\n');
        for (String table : List.of("gf_ledger_entry", "gf_pending_transfer", "gf_token_record", "gf_edge_key", "gf_system", "gf_installation",
                "gf_idempotency", "gf_account", "ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_JOB", "ACT_RU_VARIABLE", "ACT_HI_PROCINST",
                "ACT_RU_INCIDENT")) {
            s.append(table).append('=').append(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class)).append(' ');
        }
        s.append('\n').append(jdbc.queryForList("SELECT id, state, seats, pending_update_id, current_connection_jti, applied_connection_jti,"
                + " version FROM gf_remote_activation ORDER BY id"));
        s.append('\n').append(jdbc.queryForList("SELECT id, status, requested_seats, configured_by FROM gf_activation_update ORDER BY id"));
        s.append('\n').append(jdbc.queryForList("SELECT id, state, downloaded, file_jti, delivered_at, revoke_proof FROM gf_credit_assignment"
                + " ORDER BY id"));
        s.append('\n').append(jdbc.queryForList("SELECT id, last_seen_at FROM gf_system ORDER BY id"));
        s.append('\n').append(jdbc.queryForList("SELECT edge_id, disabled_at FROM gf_edge_key ORDER BY edge_id"));
        return s.toString();
    }

    private static String jti(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
