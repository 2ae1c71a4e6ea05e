package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** Every credits endpoint over HTTP, with its bad inputs; after each rejection nothing has changed. */
@GrantflowTest
class CreditsApiTest {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired HistoryService history;
    @Autowired ManagementService management;
    CreditFixtures f;
    Http http;
    Http operator;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
        http = Http.at(port);
        operator = http.as("operator");
    }

    /** What a rejection must leave as it was. */
    record Snapshot(long available, int ledgerRows, int assignments, long assignmentFlows, long revokeFlows, int systems,
            int edgeKeys, String state) {
    }

    Snapshot snapshot(String subscriptionId, String assignmentId) {
        return new Snapshot(subscriptionId == null ? -1 : f.available(subscriptionId),
                subscriptionId == null ? -1 : f.entries(subscriptionId).size(), f.assignmentRows(),
                history.createHistoricProcessInstanceQuery().processDefinitionKey(CreditAssignmentProcess.PROCESS).count(),
                history.createHistoricProcessInstanceQuery().processDefinitionKey(CreditRevokeProcess.PROCESS).count(),
                f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_system", Integer.class),
                f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_edge_key", Integer.class),
                assignmentId == null ? null : f.assignment(assignmentId).state().name());
    }

    static void assertProblem(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    JsonNode assign(HttpSystem system, String subscriptionId, long credits) {
        Http.Response r = operator.postJson("/api/v1/systems/" + system.id + "/credit-assignments",
                Map.of("subscriptionId", subscriptionId, "credits", credits));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json();
    }

    void runJobs(String processInstanceId) {
        management.createJobQuery().processInstanceId(processInstanceId).executable().list()
                .forEach(j -> management.executeJob(j.getId()));
    }

    // --- systems ---------------------------------------------------------------------------------------------

    @Test
    void linkSystemThenItReadsBackOfflineWithoutAssignments() {
        ECKey key = HttpSystem.newKey();
        Http.Response r = http.as("integrator").postJson("/api/v1/systems",
                Map.of("accountId", "ACME", "label", "Plant 7", "systemKey", key.toPublicJWK().toJSONObject()));

        assertThat(r.status()).isEqualTo(201);
        String id = r.json().path("systemId").asText();
        assertThat(id).startsWith("SYS-");
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/v1/systems/" + id);
        for (String user : List.of("operator", "integrator", "auditor")) {
            JsonNode system = http.as(user).get("/api/v1/systems/" + id).json();
            assertThat(system.path("id").asText()).isEqualTo(id);
            assertThat(system.path("accountId").asText()).isEqualTo("ACME");
            assertThat(system.path("label").asText()).isEqualTo("Plant 7");
            assertThat(system.path("online").asBoolean()).isFalse();
            assertThat(system.path("assignments")).isEmpty();
        }
    }

    @Test
    void linkSystemWhenInputIsBadThenRefusedAndNothingIsLinked() throws Exception {
        Snapshot before = snapshot(null, null);
        Map<String, Object> good = Map.of("accountId", "ACME", "label", "x", "systemKey", HttpSystem.newKey().toPublicJWK().toJSONObject());

        assertProblem(operator.postJson("/api/v1/systems", with(good, "systemKey", HttpSystem.newKey().toJSONObject())), 400, "invalid-key");
        assertProblem(operator.postJson("/api/v1/systems", with(good, "systemKey", Map.of("kty", "oct", "k", "c2VjcmV0"))), 400, "invalid-key");
        assertProblem(operator.postJson("/api/v1/systems", with(good, "systemKey", "not a jwk")), 400, "invalid-key");
        assertProblem(operator.postJson("/api/v1/systems", with(good, "accountId", "NO-SUCH-ACCOUNT")), 404, "not-found");
        assertProblem(operator.postJson("/api/v1/systems", with(good, "label", "")), 400, "invalid-request");
        assertProblem(operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "x")), 400, "invalid-request");
        assertProblem(operator.postJson("/api/v1/systems", with(good, "extra", 1)), 400, "malformed-body");
        assertProblem(operator.postJson("/api/v1/systems", "{not json"), 400, "malformed-body");
        assertProblem(operator.post("/api/v1/systems", "text/plain", "x"), 415, "unsupported-media-type");
        assertProblem(http.as("auditor").postJson("/api/v1/systems", good), 403, "forbidden");
        assertProblem(http.postJson("/api/v1/systems", good), 401, "unauthorized");

        assertThat(snapshot(null, null)).isEqualTo(before);
        assertProblem(operator.get("/api/v1/systems/SYS-NOPE"), 404, "not-found");
    }

    @Test
    void linkSystemWithIdempotencyKeyThenTheRetryAnswersTheSameSystem() {
        Map<String, Object> body = Map.of("accountId", "ACME", "label", "x", "systemKey", HttpSystem.newKey().toPublicJWK().toJSONObject());
        Http.Response first = operator.postJson("/api/v1/systems", body, "link-" + System.nanoTime());
        String key = "link-" + System.nanoTime();
        Http.Response a = operator.postJson("/api/v1/systems", body, key);
        Snapshot before = snapshot(null, null);
        Http.Response b = operator.postJson("/api/v1/systems", body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        assertThat(b.json().path("systemId").asText()).isEqualTo(a.json().path("systemId").asText());
        assertThat(snapshot(null, null)).isEqualTo(before);
    }

    // --- assignments -----------------------------------------------------------------------------------------

    @Test
    void assignOfflineThenDownloadGivesTheCreditFileThatVerifiesAgainstTheJwks() throws Exception {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");

        JsonNode started = assign(system, sub, 10);
        String id = started.path("assignmentId").asText();
        assertThat(started.path("processInstanceId").asText()).isNotBlank();
        assertThat(started.path("state").asText()).isEqualTo("ASSIGNED");
        assertThat(started.has("warning")).isFalse();
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(90);
        assertProblem(operator.get("/api/v1/credit-assignments/" + id + "/credit-file"), 409, "not-ready");

        Http.Response download = operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("application/jwt");
        assertThat(download.raw().headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"credits-" + id + ".jwt\"");

        SignedJWT file = SignedJWT.parse(download.body());
        JWKSet jwks = JWKSet.parse(http.get("/.well-known/jwks.json").body());
        ECKey signer = (ECKey) jwks.getKeyByKeyId(file.getHeader().getKeyID());
        assertThat(file.verify(new ECDSAVerifier(signer))).isTrue();
        assertThat(file.getHeader().getType().getType()).isEqualTo("credits+jwt");
        JWTClaimsSet claims = file.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("grantflow");
        assertThat(claims.getAudience()).containsExactly(system.id);
        assertThat(claims.getSubject()).isEqualTo(system.id);
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getJWTID()).isNotBlank();
        Instant endsAt = f.subscriptions.get(sub).endsAt();
        assertThat(claims.getExpirationTime().toInstant()).isBeforeOrEqualTo(endsAt);
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = ((List<Map<String, Object>>) claims.getClaim("assignments")).get(0);
        assertThat(entry).containsEntry("id", id).containsEntry("subscription", sub);
        assertThat(((Number) entry.get("credits")).longValue()).isEqualTo(10);
        assertThat(((Number) entry.get("expires_at")).longValue()).isEqualTo(endsAt.getEpochSecond());

        JsonNode assignment = http.as("auditor").get("/api/v1/credit-assignments/" + id).json();
        assertThat(assignment.path("state").asText()).isEqualTo("DOWNLOADED");
        assertThat(assignment.path("downloaded").asBoolean()).isTrue();
        assertThat(assignment.path("fileJti").asText()).isEqualTo(claims.getJWTID());
        assertThat(assignment.path("systemId").asText()).isEqualTo(system.id);
        assertThat(assignment.path("subscriptionId").asText()).isEqualTo(sub);
        assertThat(assignment.path("credits").asLong()).isEqualTo(10);

        assertThat(operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "").body())
                .as("downloading again gives the same file").isEqualTo(download.body());
        assertThat(operator.get("/api/v1/credit-assignments/" + id + "/credit-file").body()).isEqualTo(download.body());
        JsonNode listed = operator.get("/api/v1/systems/" + system.id).json().path("assignments").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(id);
        assertThat(listed.path("state").asText()).isEqualTo("DOWNLOADED");
        assertThat(listed.path("downloaded").asBoolean()).isTrue();
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void assignWithIdempotencyKeyThenTheRetryAnswersTheFirstStartAndAnotherBodyIsRefused() {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        String path = "/api/v1/systems/" + system.id + "/credit-assignments";
        String key = "assign-" + System.nanoTime();

        Http.Response first = operator.postJson(path, Map.of("subscriptionId", sub, "credits", 10), key);
        Snapshot before = snapshot(sub, null);
        Http.Response again = operator.postJson(path, Map.of("subscriptionId", sub, "credits", 10), key);
        Http.Response other = operator.postJson(path, Map.of("subscriptionId", sub, "credits", 11), key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("assignmentId").asText()).isEqualTo(first.json().path("assignmentId").asText());
        assertProblem(other, 409, "idempotency-key-reused");
        assertThat(snapshot(sub, null)).isEqualTo(before);
        assertThat(f.available(sub)).isEqualTo(90);
    }

    @Test
    void assignFromCancelledSubscriptionThenTheAnswerCarriesTheWarning() {
        String sub = f.subscription("ACME", SubscriptionState.CANCELLED, 100, f.clock.instant().plus(Duration.ofDays(20)));
        HttpSystem system = HttpSystem.link(operator, "ACME");
        JsonNode started = assign(system, sub, 10);
        assertThat(started.path("warning").asText()).startsWith("subscription-cancelled");
        assertThat(operator.get("/api/v1/credit-assignments/" + started.path("assignmentId").asText()).json().path("warning").asText())
                .startsWith("subscription-cancelled");
    }

    @Test
    void assignWhenRefusedThenNothingChanged() {
        Instant now = f.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String sub = f.subscription(10);
        String inactive = f.subscription("ACME", SubscriptionState.INACTIVE, 100, now.plus(Duration.ofDays(30)));
        String ended = f.subscription("ACME", SubscriptionState.CANCELLED, 100, now.minus(Duration.ofDays(1)));
        String globex = f.subscription("GLOBEX", SubscriptionState.ACTIVE, 100, now.plus(Duration.ofDays(30)));
        HttpSystem system = HttpSystem.link(operator, "ACME");
        String path = "/api/v1/systems/" + system.id + "/credit-assignments";
        Snapshot before = snapshot(sub, null);
        Map<String, Object> good = Map.of("subscriptionId", sub, "credits", 1);

        assertProblem(operator.postJson(path, with(good, "credits", 11)), 409, "insufficient-credits");
        assertProblem(operator.postJson(path, with(good, "subscriptionId", inactive)), 409, "subscription-not-active");
        assertProblem(operator.postJson(path, with(good, "subscriptionId", "SUB-INACTIVE")), 409, "subscription-not-active");
        assertProblem(operator.postJson(path, with(good, "subscriptionId", ended)), 409, "subscription-not-active");
        assertProblem(operator.postJson(path, with(good, "subscriptionId", globex)), 409, "account-mismatch");
        assertProblem(operator.postJson(path, with(good, "subscriptionId", "SUB-GLOBEX")), 409, "account-mismatch");
        assertProblem(operator.postJson(path, with(good, "subscriptionId", "SUB-NOPE")), 404, "not-found");
        assertProblem(operator.postJson("/api/v1/systems/SYS-NOPE/credit-assignments", good), 404, "not-found");
        assertProblem(operator.postJson(path, with(good, "credits", 0)), 400, "invalid-request");
        assertProblem(operator.postJson(path, with(good, "credits", -5)), 400, "invalid-request");
        assertProblem(operator.postJson(path, with(good, "credits", 10_000_000)), 400, "invalid-request");
        assertProblem(operator.postJson(path, Map.of("subscriptionId", sub)), 400, "invalid-request");
        assertProblem(operator.postJson(path, with(good, "autoRevokeAt", now.minusSeconds(60).toString())), 400, "invalid-request");
        assertProblem(operator.postJson(path, with(good, "autoRevokeAt", now.plus(Duration.ofDays(400)).toString())), 400, "invalid-request");
        assertProblem(operator.postJson(path, with(good, "autoRevokeAt", "tomorrow")), 400, "malformed-body");
        assertProblem(operator.postJson(path, with(good, "unknown", true)), 400, "malformed-body");
        assertProblem(http.as("auditor").postJson(path, good), 403, "forbidden");
        assertProblem(http.postJson(path, good), 401, "unauthorized");

        assertThat(snapshot(sub, null)).isEqualTo(before);
        assertThat(f.available(sub)).isEqualTo(10);
        assertProblem(operator.get("/api/v1/credit-assignments/CA-NOPE"), 404, "not-found");
    }

    @Test
    void downloadWhenRefusedThenNothingChanged() {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        String id = assign(system, sub, 10).path("assignmentId").asText();
        Snapshot before = snapshot(sub, id);

        assertProblem(http.as("integrator").post("/api/v1/credit-assignments/" + id + "/download", "application/json", ""), 403, "forbidden");
        assertProblem(http.as("integrator").get("/api/v1/credit-assignments/" + id + "/credit-file"), 403, "forbidden");
        assertProblem(operator.post("/api/v1/credit-assignments/CA-NOPE/download", "application/json", ""), 404, "not-found");
        assertThat(snapshot(sub, id)).isEqualTo(before);

        assertThat(operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of()).json().path("status").asText())
                .isEqualTo("RETURNED");
        Snapshot revoked = snapshot(sub, id);
        assertProblem(operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", ""), 409, "assignment-not-active");
        assertThat(snapshot(sub, id)).isEqualTo(revoked);
    }

    @Test
    void revokeStartWithIdempotencyKeyThenTheRetryAnswersTheSameRevoke() {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        String id = assign(system, sub, 10).path("assignmentId").asText();
        operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "");
        String key = "revoke-" + System.nanoTime();

        Http.Response first = operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of(), key);
        Snapshot before = snapshot(sub, id);
        Http.Response again = operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of(), key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(snapshot(sub, id)).isEqualTo(before);
        assertProblem(operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of()), 409, "revoke-in-progress");
    }

    // --- revocations -----------------------------------------------------------------------------------------

    @Test
    void revokeOfflineOverHttpThenBadKeysAreRefusedWithTheirCodeAndAGoodKeyReturnsTheCredits() {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        HttpSystem other = HttpSystem.link(operator, "ACME");
        String id = assign(system, sub, 10).path("assignmentId").asText();
        String download = operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "").body();
        runJobs(f.assignment(id).processInstanceId());
        String fileJti = f.assignment(id).fileJti();
        String revocations = "/api/v1/credit-assignments/" + id + "/revocations";
        Instant now = f.clock.instant();

        assertProblem(operator.postJson(revocations, Map.of("revokeKey", system.revokeKey(id, fileJti, now))), 409, "no-revoke-in-progress");
        Http.Response started = operator.postJson(revocations, Map.of());
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().path("status").asText()).isEqualTo("AWAITING_REVOKE_KEY");
        assertThat(operator.get("/api/v1/credit-assignments/" + id).json().path("revokeStatus").asText()).isEqualTo("AWAITING_REVOKE_KEY");
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(90);
        assertProblem(operator.postJson(revocations, Map.of()), 409, "revoke-in-progress");
        Snapshot before = snapshot(sub, id);

        Map<String, String> bad = new HashMap<>();
        bad.put("token-unknown-subject", system.revokeKey("CA-OTHER", fileJti, now));
        bad.put("token-invalid-signature", CreditRevokeProcessTest.tampered(system.revokeKey(id, fileJti, now)));
        bad.put("token-wrong-audience", system.sign("revoke+jwt", id, now, c -> c.audience("elsewhere").claim("file_jti", fileJti)));
        bad.put("token-expired", system.revokeKey(id, fileJti, now.minus(Duration.ofHours(1))));
        bad.put("token-wrong-type", system.sign("update+jwt", id, now, c -> c.claim("file_jti", fileJti)));
        bad.put("token-malformed", "abc.def");
        bad.put("token-unknown-key", HttpSystem.sign(other, "SYS-NOBODY-LINKED", id, fileJti, now));
        bad.forEach((code, key) -> assertProblem(operator.postJson(revocations, Map.of("revokeKey", key)), 400, code));
        // in the system's name but signed by another key: the system's registered key decides, whatever the kid says
        assertProblem(operator.postJson(revocations, Map.of("revokeKey", HttpSystem.sign(other, system.id, id, fileJti, now))), 400,
                "token-invalid-signature");
        // a key of another system, for this assignment
        assertProblem(operator.postJson(revocations, Map.of("revokeKey", other.revokeKey(id, fileJti, now))), 400, "token-unknown-subject");
        // a good key, replayed
        String good = system.revokeKey(id, fileJti, now);
        assertProblem(http.as("integrator").postJson(revocations, Map.of("revokeKey", good)), 403, "forbidden");
        assertProblem(operator.postJson(revocations, Map.of("revokeKey", "x".repeat(9000))), 400, "token-too-large");
        assertThat(snapshot(sub, id)).isEqualTo(before);

        Http.Response accepted = operator.postJson(revocations, Map.of("revokeKey", good));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("status").asText()).isEqualTo("RETURNED");
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(100);
        JsonNode assignment = operator.get("/api/v1/credit-assignments/" + id).json();
        assertThat(assignment.path("state").asText()).isEqualTo("REVOKED");
        Snapshot after = snapshot(sub, id);
        assertProblem(operator.postJson(revocations, Map.of("revokeKey", good)), 409, "assignment-not-active");
        assertProblem(operator.postJson(revocations, Map.of()), 409, "assignment-not-active");
        assertProblem(operator.postJson("/api/v1/credit-assignments/CA-NOPE/revocations", Map.of()), 404, "not-found");
        assertThat(snapshot(sub, id)).isEqualTo(after);
        assertThat(f.lastEntry(sub).proof()).isEqualTo(assignment.path("revokeProof").asText());
        assertThat(download).isNotBlank();
        assertThat(f.chainIntact(sub)).isTrue();
    }

    @Test
    void revokeAKeyReplayedFromAnEarlierRevokeIsRefused() {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        String id = assign(system, sub, 10).path("assignmentId").asText();
        operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "");
        operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of());
        String fileJti = f.assignment(id).fileJti();
        String key = system.revokeKey(id, fileJti, f.clock.instant());
        assertThat(operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of("revokeKey", key)).status()).isEqualTo(202);

        String id2 = assign(system, sub, 5).path("assignmentId").asText();
        operator.post("/api/v1/credit-assignments/" + id2 + "/download", "application/json", "");
        operator.postJson("/api/v1/credit-assignments/" + id2 + "/revocations", Map.of());
        String jti = f.assignment(id).revokeProof();
        String replay = system.sign("revoke+jwt", id2, f.clock.instant(), c -> c.jwtID(jti).claim("file_jti", f.assignment(id2).fileJti()));
        Snapshot before = snapshot(sub, id2);
        assertProblem(operator.postJson("/api/v1/credit-assignments/" + id2 + "/revocations", Map.of("revokeKey", replay)), 400, "token-replayed");
        assertThat(snapshot(sub, id2)).isEqualTo(before);
    }

    // --- call-in -----------------------------------------------------------------------------------------------

    @Test
    void callInMakesTheSystemOnlineDeliversItsFileOnceAndSettlesItsRevokeKey() throws Exception {
        String sub = f.subscription(100);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        assertProblem(http.postJson("/api/v1/edge/call-in", Map.of()), 401, "unauthorized");

        Http.Response hello = system.callIn(http, f.clock.instant());
        assertThat(hello.status()).as(hello.toString()).isEqualTo(200);
        assertThat(operator.get("/api/v1/systems/" + system.id).json().path("online").asBoolean()).isTrue();
        assertThat(operator.get("/api/v1/systems/" + system.id).json().path("lastSeenAt").asText()).isNotBlank();

        JsonNode started = assign(system, sub, 10);
        String id = started.path("assignmentId").asText();
        assertThat(started.path("state").asText()).isEqualTo("DOWNLOADED");

        JsonNode delivered = system.callIn(http, f.clock.instant()).json();
        assertThat(delivered.path("creditFiles")).hasSize(1);
        assertThat(SignedJWT.parse(delivered.path("creditFiles").get(0).asText()).getJWTClaimsSet().getJWTID())
                .isEqualTo(f.assignment(id).fileJti());
        assertThat(system.callIn(http, f.clock.instant()).json().path("creditFiles")).isEmpty();

        Http.Response revoke = operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of());
        assertThat(revoke.json().path("status").asText()).isEqualTo("AWAITING_SYSTEM");
        JsonNode asked = system.callIn(http, f.clock.instant()).json();
        assertThat(asked.path("revokes")).hasSize(1);
        assertThat(asked.path("revokes").get(0).path("assignmentId").asText()).isEqualTo(id);
        String fileJti = asked.path("revokes").get(0).path("fileJti").asText();
        assertThat(fileJti).isEqualTo(f.assignment(id).fileJti());

        Snapshot before = snapshot(sub, id);
        JsonNode refused = system.callIn(http, f.clock.instant(), system.revokeKey(id, "another-file", f.clock.instant())).json();
        assertThat(refused.path("refused").get(0).path("code").asText()).isEqualTo("token-unknown-subject");
        assertThat(snapshot(sub, id)).isEqualTo(before);

        JsonNode answered = system.callIn(http, f.clock.instant(), "garbage", system.revokeKey(id, fileJti, f.clock.instant())).json();
        assertThat(answered.path("accepted")).hasSize(1);
        assertThat(answered.path("refused")).hasSize(1);
        assertThat(answered.path("refused").get(0).path("code").asText()).isEqualTo("token-malformed");
        assertThat(answered.path("revokes")).isEmpty();
        assertThat(operator.get("/api/v1/credit-assignments/" + id).json().path("state").asText()).isEqualTo("REVOKED");
        assertThat(operator.get("/api/v1/subscriptions/" + sub).json().path("available").asLong()).isEqualTo(100);
        assertThat(f.lastEntry(sub).proof()).isEqualTo(answered.path("accepted").get(0).asText());
        assertThat(f.chainIntact(sub)).isTrue();
    }

    static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
