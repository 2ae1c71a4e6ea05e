package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The remote-activation endpoints over HTTP: answers, codes, and nothing changed by a refusal. */
@GrantflowTest
class RemoteActivationApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    Map<String, Object> addBody(EdgeKeyPair key, long seats, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installationId", key.id());
        body.put("installationKey", key.publicJwk());
        body.put("seats", seats);
        body.put("expiresAt", expiresAt.toString());
        return body;
    }

    Instant in(int days) {
        return fx.now().plus(Duration.ofDays(days));
    }

    /** Adds over HTTP and applies the receipt over HTTP: an ACTIVE activation. */
    Act activeOverHttp(String lic, long seats) {
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        Http.Response r = http.as("integrator").postJson("/api/v1/licenses/" + lic + "/remote-activations", addBody(key, seats, in(200)));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        Act act = new Act(r.json().path("activationId").asText(), lic, r.json().path("processInstanceId").asText(), key);
        Http.Response receipt = http.anonymous().post("/api/v1/remote-activations/" + act.id() + "/receipts", "application/jwt",
                fx.receiptToken(act));
        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);
        fx.runJobs(act.processInstanceId());
        return act;
    }

    void assertRefused(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    // ---- add -----------------------------------------------------------------------------------------------

    @Test
    void addAnswers202AndTheActivationReads() {
        String lic = fx.license(40);
        Act act = activeOverHttp(lic, 7);

        Http.Response r = http.as("auditor").get("/api/v1/remote-activations/" + act.id());
        assertThat(r.status()).isEqualTo(200);
        JsonNode a = r.json();
        assertThat(a.path("id").asText()).isEqualTo(act.id());
        assertThat(a.path("licenseId").asText()).isEqualTo(lic);
        assertThat(a.path("installationId").asText()).isEqualTo(act.key().id());
        assertThat(a.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(a.path("seats").asLong()).isEqualTo(7);
        assertThat(a.path("inFlightSeats").asLong()).isZero();
        assertThat(a.path("expiryWarning").asBoolean()).isFalse();
        assertThat(a.has("pendingUpdateId")).isFalse();
        assertThat(http.as("operator").get("/api/v1/licenses/" + lic).json().path("allocated").asLong()).isEqualTo(7);
        assertRefused(http.as("auditor").get("/api/v1/remote-activations/RA-nope"), 404, "not-found");
        Http.Response token = http.as("integrator").get("/api/v1/remote-activations/" + act.id() + "/connection-token");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.contentType()).startsWith("application/jwt");
        assertRefused(http.as("integrator").get("/api/v1/remote-activations/RA-nope/connection-token"), 404, "not-found");
        assertRefused(http.as("auditor").get("/api/v1/remote-activations/" + act.id() + "/connection-token"), 403, "forbidden");
        assertRefused(http.get("/api/v1/remote-activations/" + act.id()), 401, "unauthorized");
    }

    @Test
    void addHonoursTheIdempotencyKey() {
        String lic = fx.license(40);
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        String path = "/api/v1/licenses/" + lic + "/remote-activations";
        Map<String, Object> body = addBody(key, 5, in(100));
        Http.Response first = http.as("integrator").postJson(path, body, "key-" + lic);
        Http.Response again = http.as("integrator").postJson(path, body, "key-" + lic);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(5);
        ActivationFixture.LicenseSnapshot before = fx.snapshot(lic);
        assertRefused(http.as("integrator").postJson(path, addBody(key, 6, in(100)), "key-" + lic), 409, "idempotency-key-reused");
        assertThat(fx.snapshot(lic)).isEqualTo(before);
    }

    @Test
    void badAddRequestsAreRefusedAndChangeNothing() {
        String lic = fx.license(10);
        String path = "/api/v1/licenses/" + lic + "/remote-activations";
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        ActivationFixture.LicenseSnapshot before = fx.snapshot(lic);
        Http operator = http.as("operator");

        assertRefused(operator.postJson(path, addBody(key, 11, in(30))), 409, "seats-exceed-license");
        assertRefused(operator.postJson(path, addBody(key, 0, in(30))), 400, "invalid-request");
        assertRefused(operator.postJson(path, addBody(key, 1, fx.now().minus(Duration.ofDays(1)))), 400, "invalid-request");
        assertRefused(operator.postJson(path, addBody(key, 1, in(400))), 400, "invalid-request");
        Map<String, Object> badId = addBody(key, 1, in(30));
        badId.put("installationId", "bad id/with slash");
        assertRefused(operator.postJson(path, badId), 400, "invalid-request");
        Map<String, Object> noKey = addBody(key, 1, in(30));
        noKey.remove("installationKey");
        assertRefused(operator.postJson(path, noKey), 400, "invalid-request");
        Map<String, Object> badKey = addBody(key, 1, in(30));
        badKey.put("installationKey", Map.of("kty", "oct", "k", "c2VjcmV0"));
        assertRefused(operator.postJson(path, badKey), 400, "invalid-key");
        Map<String, Object> privateKey = addBody(key, 1, in(30));
        privateKey.put("installationKey", key.privateKey().toJSONObject());
        assertRefused(operator.postJson(path, privateKey), 400, "invalid-key");
        Map<String, Object> unknownField = addBody(key, 1, in(30));
        unknownField.put("colour", "red");
        assertRefused(operator.postJson(path, unknownField), 400, "malformed-body");
        assertRefused(operator.post(path, "text/plain", "seats=1"), 415, "unsupported-media-type");
        assertRefused(operator.postJson("/api/v1/licenses/LIC-nope/remote-activations", addBody(key, 1, in(30))), 404, "not-found");
        assertRefused(http.postJson(path, addBody(key, 1, in(30))), 401, "unauthorized");
        assertRefused(http.as("auditor").postJson(path, addBody(key, 1, in(30))), 403, "forbidden");

        assertThat(fx.snapshot(lic)).isEqualTo(before);
    }

    @Test
    void addForAnInstallationOfAnotherAccountOrWithAnotherKeyIsRefused() {
        String lic = fx.license(10);
        Act act = activeOverHttp(lic, 1);
        String globex = fx.license("GLOBEX", 10);
        ActivationFixture.LicenseSnapshot before = fx.snapshot(lic);
        ActivationFixture.LicenseSnapshot beforeGlobex = fx.snapshot(globex);

        assertRefused(http.as("operator").postJson("/api/v1/licenses/" + globex + "/remote-activations", addBody(act.key(), 1, in(30))),
                409, "account-mismatch");
        EdgeKeyPair impostor = EdgeKeyPair.create(act.key().id());
        assertRefused(http.as("operator").postJson("/api/v1/licenses/" + lic + "/remote-activations", addBody(impostor, 1, in(30))),
                409, "edge-id-taken");

        assertThat(fx.snapshot(lic)).isEqualTo(before);
        assertThat(fx.snapshot(globex)).isEqualTo(beforeGlobex);
    }

    // ---- update: start --------------------------------------------------------------------------------------

    @Test
    void updateStartsFromARawOrJsonTokenAndHonoursTheIdempotencyKey() {
        Act act = activeOverHttp(fx.license(20), 5);
        String token = fx.updateToken(act).sign();

        Http.Response r = http.as("integrator").send(http.as("integrator").builder("/api/v1/remote-activations/updates")
                .header("Content-Type", "application/jwt").header("Idempotency-Key", "u-" + act.id())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(token)));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String updateId = r.json().path("updateId").asText();
        assertThat(r.json().path("activationId").asText()).isEqualTo(act.id());
        assertThat(r.json().path("processInstanceId").asText()).isNotBlank();

        Http.Response replay = http.as("integrator").postJson("/api/v1/remote-activations/updates", Map.of("token", token), "u-" + act.id());
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().path("updateId").asText()).isEqualTo(updateId);

        JsonNode u = http.as("auditor").get("/api/v1/remote-activations/updates/" + updateId).json();
        assertThat(u.path("status").asText()).isEqualTo("AWAITING_SEAT_CONFIGURATION");
        assertThat(u.path("currentSeats").asLong()).isEqualTo(5);
        assertThat(http.as("auditor").get("/api/v1/remote-activations/" + act.id()).json().path("pendingUpdateId").asText()).isEqualTo(updateId);
        assertRefused(http.as("auditor").get("/api/v1/remote-activations/updates/UPD-nope"), 404, "not-found");
    }

    @Test
    void badUpdateStartsAreRefusedAndChangeNothing() {
        Act act = activeOverHttp(fx.license(20), 5);
        ActivationFixture.Snapshot before = fx.snapshot(act);
        String path = "/api/v1/remote-activations/updates";
        Http integrator = http.as("integrator");

        assertRefused(integrator.post(path, "application/jwt", "garbage"), 400, "token-malformed");
        assertRefused(integrator.post(path, "application/jwt", fx.updateToken(act).type("receipt+jwt").sign()), 400, "token-wrong-type");
        assertRefused(integrator.post(path, "application/jwt", fx.updateToken(act).issuedAt(fx.now().minus(Duration.ofDays(2)))
                .ttl(Duration.ofHours(1)).sign()), 400, "token-expired");
        assertRefused(integrator.postJson(path, Map.of("token", "")), 400, "invalid-request");
        assertRefused(integrator.postJson(path, Map.of("jwt", "x")), 400, "malformed-body");
        assertRefused(http.post(path, "application/jwt", fx.updateToken(act).sign()), 401, "unauthorized");
        assertRefused(http.as("auditor").post(path, "application/jwt", fx.updateToken(act).sign()), 403, "forbidden");
        assertThat(fx.snapshot(act)).isEqualTo(before);

        // one at a time
        assertThat(integrator.post(path, "application/jwt", fx.updateToken(act).sign()).status()).isEqualTo(202);
        ActivationFixture.Snapshot during = fx.snapshot(act);
        assertRefused(integrator.post(path, "application/jwt", fx.updateToken(act).sign()), 409, "update-in-progress");
        assertThat(fx.snapshot(act)).isEqualTo(during);
    }

    @Test
    void updateTokenOfADisconnectedActivationIsRefused() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 2);
        Act sibling = fx.tx.execute(s -> {
            RemoteActivations.Started st = fx.activations.add(fx.license(5), act.key().id(), act.key().publicJwk(), 1, in(50), "operator");
            return new Act(st.activationId(), null, st.processInstanceId(), act.key());
        });
        Http.Response d = http.as("operator").postJson("/api/v1/remote-activations/" + act.id() + "/disconnect", "{}");
        assertThat(d.status()).as(d.toString()).isEqualTo(202);
        assertThat(d.json().path("state").asText()).isEqualTo("DISCONNECTED");
        ActivationFixture.Snapshot before = fx.snapshot(act);

        assertRefused(http.as("integrator").post("/api/v1/remote-activations/updates", "application/jwt", fx.updateToken(act).sign()),
                409, "activation-not-active");
        assertThat(fx.snapshot(act)).isEqualTo(before);
        assertThat(sibling.id()).isNotBlank();
    }

    // ---- update: steps ---------------------------------------------------------------------------------------

    String startUpdate(Act act) {
        Http.Response r = http.as("integrator").post("/api/v1/remote-activations/updates", "application/jwt", fx.updateToken(act).sign());
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().path("updateId").asText();
    }

    String pi(String updateId) {
        return fx.updates.get(updateId).processInstanceId();
    }

    @Test
    void seatConfigurationRefusalsLeaveTheTaskInPlace() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 5);
        String updateId = startUpdate(act);
        String path = "/api/v1/remote-activations/updates/" + updateId + "/seat-configuration";
        ActivationFixture.Snapshot before = fx.snapshot(act);
        String taskId = fx.task(pi(updateId), "UserTask_ConfigureSeats").getId();

        assertRefused(http.as("operator").postJson(path, Map.of("seats", 21)), 409, "seats-exceed-license");
        assertRefused(http.as("operator").postJson(path, Map.of("seats", 0)), 400, "invalid-request");
        assertRefused(http.as("operator").postJson(path, Map.of("seats", 6, "expiresAt", fx.now().minus(Duration.ofDays(1)).toString())),
                400, "invalid-request");
        assertRefused(http.as("operator").postJson(path, Map.of("seats", 6, "expiresAt", in(5000).toString())), 400, "invalid-request");
        assertRefused(http.as("operator").postJson(path, Map.of("seats", "many")), 400, "malformed-body");
        assertRefused(http.as("integrator").postJson(path, Map.of("seats", 6)), 403, "forbidden");
        assertRefused(http.as("operator").postJson("/api/v1/remote-activations/updates/UPD-nope/seat-configuration", Map.of("seats", 6)),
                404, "not-found");
        assertRefused(http.as("operator").postJson("/api/v1/remote-activations/updates/" + updateId + "/reduction-approval",
                Map.of("approved", true)), 409, "no-such-step");
        assertRefused(http.as("operator").get("/api/v1/remote-activations/updates/" + updateId + "/connection-token"), 409, "not-ready");

        assertThat(fx.snapshot(act)).isEqualTo(before);
        assertThat(fx.task(pi(updateId), "UserTask_ConfigureSeats").getId()).isEqualTo(taskId);
        assertThat(fx.updates.get(updateId).status()).isEqualTo(UpdateStatus.AWAITING_SEAT_CONFIGURATION);
    }

    @Test
    void reductionOverHttpIsFourEyesAndInFlightUntilTheReceipt() throws Exception {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 10);
        String updateId = startUpdate(act);
        String base = "/api/v1/remote-activations/updates/" + updateId;

        Http.Response configured = http.as("operator").postJson(base + "/seat-configuration", Map.of("seats", 4));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        assertThat(configured.json().path("configuredBy").asText()).isEqualTo("operator");
        fx.runJobs(pi(updateId));
        assertThat(http.as("operator").get(base).json().path("status").asText()).isEqualTo("AWAITING_REDUCTION_APPROVAL");
        assertRefused(http.as("operator").postJson(base + "/seat-configuration", Map.of("seats", 5)), 409, "no-such-step");

        ActivationFixture.Snapshot before = fx.snapshot(act);
        assertRefused(http.as("operator").postJson(base + "/reduction-approval", Map.of("approved", true)), 403, "four-eyes");
        assertRefused(http.as("operator2").postJson(base + "/reduction-approval", Map.of()), 400, "invalid-request");
        assertRefused(http.as("integrator").postJson(base + "/reduction-approval", Map.of("approved", true)), 403, "forbidden");
        assertThat(fx.snapshot(act)).isEqualTo(before);
        assertThat(fx.task(pi(updateId), "UserTask_ConfirmReduction")).isNotNull();

        Http.Response approved = http.as("operator2").postJson(base + "/reduction-approval", Map.of("approved", true));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().path("approvedBy").asText()).isEqualTo("operator2");
        fx.runJobs(pi(updateId));

        JsonNode u = http.as("auditor").get(base).json();
        assertThat(u.path("status").asText()).isEqualTo("CONNECTION_TOKEN_READY");
        assertThat(u.path("requestedSeats").asLong()).isEqualTo(4);
        JsonNode lBefore = http.as("auditor").get("/api/v1/licenses/" + lic).json();
        assertThat(lBefore.path("allocated").asLong()).isEqualTo(4);
        assertThat(lBefore.path("inFlight").asLong()).isEqualTo(6);
        assertThat(lBefore.path("available").asLong()).isEqualTo(10);
        assertThat(http.as("auditor").get("/api/v1/remote-activations/" + act.id()).json().path("inFlightSeats").asLong()).isEqualTo(6);

        Http.Response token = http.as("integrator").get(base + "/connection-token");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.contentType()).startsWith("application/jwt");
        SignedJWT jwt = SignedJWT.parse(token.body());
        JWKSet jwks = JWKSet.parse(http.get("/.well-known/jwks.json").body());
        ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("connection+jwt");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(act.id());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(act.key().id());
        assertThat(jwt.getJWTClaimsSet().getLongClaim("seats")).isEqualTo(4);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(fx.updates.get(updateId).updateJti());
        assertThat(http.as("operator").get("/api/v1/remote-activations/" + act.id() + "/connection-token").body()).isEqualTo(token.body());

        // a receipt for the previous connection token is stale, one about another activation names the wrong subject
        String staleJti = fx.jdbc.queryForObject("SELECT jti FROM gf_token_record WHERE subject = ? AND typ = 'connection+jwt'"
                + " AND jti <> ? ORDER BY recorded_at LIMIT 1", String.class, act.id(), jwt.getJWTClaimsSet().getJWTID());
        ActivationFixture.Snapshot waiting = fx.snapshot(act);
        String receiptsPath = "/api/v1/remote-activations/" + act.id() + "/receipts";
        assertRefused(http.post(receiptsPath, "application/jwt", act.key().token("receipt+jwt", act.id())
                .issuedAt(fx.now()).claim("connection_jti", staleJti).sign()), 409, "receipt-stale");
        assertRefused(http.post("/api/v1/remote-activations/RA-other/receipts", "application/jwt", fx.receiptToken(act)), 400,
                "token-unknown-subject");
        assertRefused(http.post(receiptsPath, "application/jwt", fx.receiptToken(act).replace('.', ',')), 400, "token-malformed");
        assertRefused(http.post(receiptsPath, "application/jwt", EdgeKeyPair.create("INST-" + UUID.randomUUID())
                .token("receipt+jwt", act.id()).claim("connection_jti", "x").sign()), 400, "token-unknown-key");
        assertThat(fx.snapshot(act)).isEqualTo(waiting);

        String receipt = fx.receiptToken(act);
        Http.Response accepted = http.postJson(receiptsPath, Map.of("token", receipt));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().path("updateId").asText()).isEqualTo(updateId);
        assertRefused(http.post(receiptsPath, "application/jwt", receipt), 400, "token-replayed");
        fx.runJobs(pi(updateId));

        assertThat(http.as("auditor").get(base).json().path("status").asText()).isEqualTo("APPLIED");
        JsonNode after = http.as("auditor").get("/api/v1/licenses/" + lic).json();
        assertThat(after.path("inFlight").asLong()).isZero();
        assertThat(after.path("available").asLong()).isEqualTo(16);
        assertThat(after.path("allocated").asLong()).isEqualTo(4);
        assertRefused(http.post(receiptsPath, "application/jwt", fx.receiptToken(act)), 409, "receipt-stale");
    }

    @Test
    void refusedReductionOverHttpEndsTheUpdateWithNothingChanged() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 10);
        String updateId = startUpdate(act);
        String base = "/api/v1/remote-activations/updates/" + updateId;
        http.as("operator2").postJson(base + "/seat-configuration", Map.of("seats", 8));
        fx.runJobs(pi(updateId));

        Http.Response refused = http.as("operator").postJson(base + "/reduction-approval", Map.of("approved", false));
        assertThat(refused.status()).isEqualTo(200);
        fx.runJobs(pi(updateId));

        assertThat(http.as("auditor").get(base).json().path("status").asText()).isEqualTo("REJECTED");
        assertThat(fx.licenses.get(lic).allocated()).isEqualTo(10);
        assertThat(fx.activations.get(act.id()).pendingUpdateId()).isNull();
    }

    // ---- disconnect, call-in, mobile page -------------------------------------------------------------------

    @Test
    void disconnectOverHttp() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 6);
        String path = "/api/v1/remote-activations/" + act.id() + "/disconnect";
        assertRefused(http.as("integrator").postJson(path, "{}"), 403, "forbidden");
        assertRefused(http.as("operator").postJson("/api/v1/remote-activations/RA-nope/disconnect", "{}"), 404, "not-found");

        Http.Response first = http.as("operator").postJson(path, "{}", "d-" + act.id());
        Http.Response replay = http.as("operator").postJson(path, "{}", "d-" + act.id());
        assertThat(first.status()).isEqualTo(202);
        assertThat(replay.json()).isEqualTo(first.json());
        // the installation applied its token: the seats wait in flight for its disconnect proof
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(6);
        assertThat(fx.licenses.get(lic).available()).isEqualTo(14);
        ActivationFixture.Snapshot before = fx.snapshot(act);
        assertRefused(http.as("operator").postJson(path, "{}"), 409, "activation-not-active");
        assertRefused(http.post("/api/v1/remote-activations/" + act.id() + "/receipts", "application/jwt", fx.receiptToken(act)), 409,
                "activation-not-active");
        assertThat(fx.snapshot(act)).isEqualTo(before);
        JsonNode read = http.as("auditor").get("/api/v1/remote-activations/" + act.id()).json();
        assertThat(read.path("state").asText()).isEqualTo("DISCONNECTED");
        assertThat(read.path("inFlightSeats").asLong()).isEqualTo(6);
    }

    @Test
    void disconnectedActivationsConnectionTokensAreNoLongerServed() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 4);
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(update.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 5L));
        fx.runJobs(update.processInstanceId());
        String activationToken = "/api/v1/remote-activations/" + act.id() + "/connection-token";
        String updateToken = "/api/v1/remote-activations/updates/" + update.updateId() + "/connection-token";
        assertThat(http.as("integrator").get(activationToken).status()).isEqualTo(200);
        assertThat(http.as("integrator").get(updateToken).status()).isEqualTo(200);

        assertThat(http.as("operator").postJson("/api/v1/remote-activations/" + act.id() + "/disconnect", "{}").status()).isEqualTo(202);

        assertRefused(http.as("integrator").get(activationToken), 409, "activation-not-active");
        assertRefused(http.as("operator").get(updateToken), 409, "activation-not-active");
    }

    @Test
    void disconnectProofOverHttpFreesTheInFlightSeatsAndBadProofsChangeNothing() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 6);
        Act live = activeOverHttp(lic, 2);
        String proofs = "/api/v1/remote-activations/" + act.id() + "/disconnect-proofs";
        assertThat(http.as("operator").postJson("/api/v1/remote-activations/" + act.id() + "/disconnect", "{}").status()).isEqualTo(202);
        ActivationFixture.Snapshot before = fx.snapshot(act);
        EdgeKeyPair stranger = EdgeKeyPair.create("INST-" + UUID.randomUUID());

        assertRefused(http.anonymous().post(proofs, "application/jwt", "garbage"), 400, "token-malformed");
        assertRefused(http.anonymous().post(proofs, "application/jwt", fx.disconnectProofToken(act).type("receipt+jwt").sign()), 400,
                "token-wrong-type");
        assertRefused(http.anonymous().post(proofs, "application/jwt", fx.disconnectProofToken(act).signedBy(stranger).sign()), 400,
                "token-invalid-signature");
        assertRefused(http.anonymous().post(proofs, "application/jwt", fx.disconnectProofToken(act).claims(b -> b.audience("someone-else")).sign()),
                400, "token-wrong-audience");
        assertRefused(http.anonymous().post(proofs, "application/jwt", "x".repeat(9000)), 400, "token-too-large");
        assertRefused(http.anonymous().postJson(proofs, Map.of("token", "")), 400, "invalid-request");
        assertRefused(http.anonymous().post(proofs, "text/plain", fx.disconnectProofToken(act).sign()), 415, "unsupported-media-type");
        assertRefused(http.anonymous().post("/api/v1/remote-activations/" + live.id() + "/disconnect-proofs", "application/jwt",
                fx.disconnectProofToken(act).sign()), 400, "token-unknown-subject");
        assertRefused(http.anonymous().post(proofs, "application/jwt", fx.disconnectProofToken(act).claim("connection_jti", "older").sign()), 409,
                "disconnect-proof-stale");
        assertRefused(http.anonymous().post("/api/v1/remote-activations/" + live.id() + "/disconnect-proofs", "application/jwt",
                fx.disconnectProofToken(live).sign()), 409, "disconnect-proof-not-awaited");
        assertThat(fx.snapshot(act)).isEqualTo(before);
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(6);

        Http.Response accepted = http.anonymous().postJson(proofs, Map.of("token", fx.disconnectProofToken(act).sign()));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().path("seatsReleased").asLong()).isEqualTo(6);
        assertThat(accepted.json().path("state").asText()).isEqualTo("DISCONNECTED");
        assertThat(fx.licenses.get(lic).inFlight()).isZero();
        assertThat(fx.licenses.get(lic).available()).isEqualTo(18);
        assertThat(http.as("auditor").get("/api/v1/audit/ledger/verify").json().path("broken")).isEmpty();
    }

    @Test
    void callInTakesDisconnectProofsAndHandsOutNoTokenOfADisconnectedActivation() {
        String lic = fx.license(20);
        Act act = activeOverHttp(lic, 3);
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(update.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 4L));
        fx.runJobs(update.processInstanceId());
        String callin = "/api/v1/edge/call-in";
        EdgeKeyPair key = act.key();
        assertThat(http.bearer(key.token("callin+jwt", key.id()).sign()).postJson(callin, Map.of()).json().path("connectionTokens")).hasSize(1);

        assertThat(http.as("operator").postJson("/api/v1/remote-activations/" + act.id() + "/disconnect", "{}").status()).isEqualTo(202);

        Http.Response quiet = http.bearer(key.token("callin+jwt", key.id()).sign()).postJson(callin, Map.of());
        assertThat(quiet.status()).as(quiet.toString()).isEqualTo(200);
        assertThat(quiet.json().path("connectionTokens")).isEmpty();
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(4);

        String proof = fx.disconnectProofToken(act).sign();
        Http.Response posted = http.bearer(key.token("callin+jwt", key.id()).sign())
                .postJson(callin, Map.of("disconnectProofs", java.util.List.of("garbage", proof)));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        assertThat(posted.json().path("accepted")).hasSize(1);
        assertThat(posted.json().path("refused").get(0).path("kind").asText()).isEqualTo("disconnect-proof");
        assertThat(posted.json().path("refused").get(0).path("code").asText()).isEqualTo("token-malformed");
        assertThat(fx.licenses.get(lic).inFlight()).isZero();
        assertThat(fx.licenses.get(lic).available()).isEqualTo(20);
        // nothing of the installation lives any more: its key is refused
        assertThat(http.bearer(key.token("callin+jwt", key.id()).sign()).postJson(callin, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void callInHandsOutPendingConnectionTokensAndTakesReceipts() {
        String lic = fx.license(20);
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        Http.Response added = http.as("operator").postJson("/api/v1/licenses/" + lic + "/remote-activations", addBody(key, 3, in(60)));
        Act act = new Act(added.json().path("activationId").asText(), lic, added.json().path("processInstanceId").asText(), key);
        String callin = "/api/v1/edge/call-in";

        Http.Response first = http.bearer(key.token("callin+jwt", key.id()).sign()).postJson(callin, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("connectionTokens")).hasSize(1);

        String receipt = fx.receiptToken(act);
        Http.Response second = http.bearer(key.token("callin+jwt", key.id()).sign())
                .postJson(callin, Map.of("receipts", java.util.List.of(receipt, "garbage")));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().path("accepted")).hasSize(1);
        assertThat(second.json().path("refused").get(0).path("code").asText()).isEqualTo("token-malformed");
        assertThat(second.json().path("connectionTokens")).isEmpty();
        fx.runJobs(act.processInstanceId());
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);
    }

    @Test
    void mobileLandingPageIsPublicHtml() {
        Http.Response r = http.get("/m/update");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("location.hash").contains("/api/v1/remote-activations/updates").doesNotContain("<script src=\"http");
    }
}
