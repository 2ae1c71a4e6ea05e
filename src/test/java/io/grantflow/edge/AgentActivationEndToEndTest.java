package io.grantflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.activation.Licenses;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.QrImages;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remote activations end to end: Grantflow in this JVM, the installation's agent as a separate process, files
 * carried across the "air gap" by the test as a person would carry them.
 */
@GrantflowTest
class AgentActivationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    Licenses licenses;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ManagementService management;

    @TempDir
    Path tmp;

    private String licenseId;
    private String installationId;
    private AgentProcess installation;
    private EngineJobs jobs;
    private Http operator;

    @BeforeEach
    void installation() {
        jobs = EngineJobs.since(management);
        operator = Http.at(port).as("operator");
        licenseId = "LIC-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(licenseId, "ACME", 100, Instant.now().plus(Duration.ofDays(365)), "test"));
        installationId = "IN-" + UUID.randomUUID();
        installation = AgentProcess.osProcess(tmp.resolve("installation"));
        installation.ok("init", "--kind", "installation", "--id", installationId);
        installation.ok("trust", "--jwks", portal() + "/.well-known/jwks.json");
    }

    private String portal() {
        return "http://127.0.0.1:" + port;
    }

    /** Add new with the agent's public key, then the connection token an operator downloads for the installation. */
    private String addActivation(int seats) throws Exception {
        Map<String, Object> key = JSON.readValue(installation.ok("init").out().strip(), Map.class);
        Http.Response added = operator.postJson("/api/v1/licenses/" + licenseId + "/remote-activations", Map.of(
                "installationId", installationId, "installationKey", key, "seats", seats,
                "expiresAt", Instant.now().plus(Duration.ofDays(200)).truncatedTo(ChronoUnit.SECONDS).toString()));
        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        jobs.drain();
        return added.json().path("activationId").asText();
    }

    private String connectionToken(String path) {
        Http.Response token = operator.get(path);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(token.contentType()).startsWith("application/jwt");
        return token.body().strip();
    }

    private String applyAndTakeReceipt(String token) {
        AgentProcess.Result apply = installation.ok("apply", installation.write(UUID.randomUUID() + ".jwt", token).toString());
        return apply.lastLine();
    }

    private void handBack(String activationId, String receipt) {
        Http.Response posted = Http.at(port).anonymous().post("/api/v1/remote-activations/" + activationId + "/receipts", "application/jwt", receipt);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        jobs.drain();
    }

    private JsonNode activation(String activationId) {
        return operator.get("/api/v1/remote-activations/" + activationId).json();
    }

    private String active(int seats) throws Exception {
        String activationId = addActivation(seats);
        handBack(activationId, applyAndTakeReceipt(connectionToken("/api/v1/remote-activations/" + activationId + "/connection-token")));
        assertThat(activation(activationId).path("state").asText()).isEqualTo("ACTIVE");
        return activationId;
    }

    @Test
    void addActivationThenApplyThenReceiptMakesItActive() throws Exception {
        String activationId = addActivation(10);
        assertThat(activation(activationId).path("state").asText()).isEqualTo("PENDING");

        String receipt = applyAndTakeReceipt(connectionToken("/api/v1/remote-activations/" + activationId + "/connection-token"));
        handBack(activationId, receipt);

        assertThat(activation(activationId).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(activation(activationId).path("seats").asInt()).isEqualTo(10);
        assertThat(installation.ok("status").out()).contains("activation " + activationId + ": 10 seats of license " + licenseId);
    }

    @Test
    void addActivationThenReceiptThroughCallInMakesItActive() throws Exception {
        String activationId = addActivation(10);
        applyAndTakeReceipt(connectionToken("/api/v1/remote-activations/" + activationId + "/connection-token"));

        AgentProcess.Result sync = installation.ok("call-in", "--portal", portal());
        jobs.drain();

        assertThat(sync.out()).contains("receipt for " + activationId + " accepted");
        assertThat(activation(activationId).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(installation.ok("status").out()).doesNotContain("not yet confirmed");
    }

    @Test
    void updateOfflineThroughFiles() throws Exception {
        String activationId = active(10);
        String updateToken = installation.ok("update-token", "--activation", activationId).out().strip();

        Http.Response started = operator.post("/api/v1/remote-activations/updates", "application/jwt", updateToken);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String updateId = started.json().path("updateId").asText();
        jobs.drain();
        Http.Response configured = operator.postJson("/api/v1/remote-activations/updates/" + updateId + "/seat-configuration", Map.of("seats", 15));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        jobs.drain();
        handBack(activationId, applyAndTakeReceipt(connectionToken("/api/v1/remote-activations/updates/" + updateId + "/connection-token")));

        assertThat(operator.get("/api/v1/remote-activations/updates/" + updateId).json().path("status").asText()).isEqualTo("APPLIED");
        assertThat(activation(activationId).path("seats").asInt()).isEqualTo(15);
        assertThat(installation.ok("status").out()).contains("activation " + activationId + ": 15 seats");
        assertThat(licenses.get(licenseId).allocated()).isEqualTo(15);
    }

    @Test
    void updateThroughTheQrLinkWithAFourEyesReduction() throws Exception {
        String activationId = active(10);
        Path png = tmp.resolve("update.png");
        installation.ok("update-token", "--activation", activationId, "--qr", png.toString(), "--portal", portal());

        String link = QrImages.read(png);
        assertThat(link).startsWith(portal() + "/m/update#token=");
        String carried = URLDecoder.decode(link.substring(link.indexOf("#token=") + 7), StandardCharsets.UTF_8);
        assertThat(Http.at(port).anonymous().get("/m/update").status()).isEqualTo(200);

        Http.Response started = operator.postJson("/api/v1/remote-activations/updates", Map.of("token", carried));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String updateId = started.json().path("updateId").asText();
        jobs.drain();
        assertThat(operator.postJson("/api/v1/remote-activations/updates/" + updateId + "/seat-configuration", Map.of("seats", 6)).status())
                .isEqualTo(200);
        jobs.drain();
        Http.Response approved = Http.at(port).as("operator2")
                .postJson("/api/v1/remote-activations/updates/" + updateId + "/reduction-approval", Map.of("approved", true));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        jobs.drain();
        handBack(activationId, applyAndTakeReceipt(connectionToken("/api/v1/remote-activations/updates/" + updateId + "/connection-token")));

        assertThat(operator.get("/api/v1/remote-activations/updates/" + updateId).json().path("status").asText()).isEqualTo("APPLIED");
        assertThat(installation.ok("status").out()).contains("activation " + activationId + ": 6 seats");
        assertThat(licenses.get(licenseId).allocated()).isEqualTo(6);
    }

    @Test
    void disconnectWaitsForTheAgentsDisconnectProofCarriedByHand() throws Exception {
        String activationId = active(10);
        String tokenPath = "/api/v1/remote-activations/" + activationId + "/connection-token";
        assertThat(operator.postJson("/api/v1/remote-activations/" + activationId + "/disconnect", Map.of()).status()).isEqualTo(202);
        jobs.drain();
        assertThat(licenses.get(licenseId).inFlight()).isEqualTo(10);
        assertThat(operator.get(tokenPath).code()).isEqualTo("activation-not-active");

        Path file = tmp.resolve("disconnect.jwt");
        String proof = installation.ok("disconnect-proof", "--activation", activationId, "--out", file.toString()).out().strip();
        assertThat(java.nio.file.Files.readString(file).strip()).isEqualTo(proof);
        assertThat(installation.ok("status").out()).doesNotContain("activation " + activationId + ":");
        Http.Response handed = Http.at(port).anonymous().post("/api/v1/remote-activations/" + activationId + "/disconnect-proofs",
                "application/jwt", proof);
        assertThat(handed.status()).as(handed.toString()).isEqualTo(200);
        jobs.drain();

        assertThat(licenses.get(licenseId).inFlight()).isZero();
        assertThat(licenses.get(licenseId).available()).isEqualTo(100);
    }

    @Test
    void disconnectProofThroughCallInFreesTheSeatsAndTheDroppedTokenIsNotAppliedAgain() throws Exception {
        String activationId = active(4);
        String token = connectionToken("/api/v1/remote-activations/" + activationId + "/connection-token");
        assertThat(operator.postJson("/api/v1/remote-activations/" + activationId + "/disconnect", Map.of()).status()).isEqualTo(202);
        jobs.drain();

        installation.ok("disconnect-proof", "--activation", activationId);
        AgentProcess.Result sync = installation.ok("call-in", "--portal", portal());
        jobs.drain();

        assertThat(sync.out()).contains("disconnect-proof for " + activationId + " accepted");
        assertThat(licenses.get(licenseId).inFlight()).isZero();
        assertThat(licenses.get(licenseId).available()).isEqualTo(100);
        AgentProcess.Result again = installation.run("apply", installation.write("again.jwt", token).toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).containsAnyOf("token-replayed", "activation-dropped");
        assertThat(installation.ok("status").out()).doesNotContain("activation " + activationId + ":");
    }
}
