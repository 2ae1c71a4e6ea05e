package io.grantflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Credits end to end: Grantflow in this JVM, the HOME system's agent as a separate process, online through
 * call-in and offline through a downloaded credit file and a pasted revoke key.
 */
@GrantflowTest
class AgentCreditsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ManagementService management;

    @TempDir
    Path tmp;

    private String subscriptionId;
    private String systemId;
    private AgentProcess system;
    private EngineJobs jobs;
    private Http operator;

    /** The walk-through's order: the agent makes its key, the operator links it, Grantflow answers the system id. */
    @BeforeEach
    void linkedSystem() throws Exception {
        jobs = EngineJobs.since(management);
        operator = Http.at(port).as("operator");
        subscriptionId = "SUB-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> subscriptions.create(subscriptionId, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 100,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), "test"));
        system = AgentProcess.inThisJvm(tmp.resolve("system"));
        Map<String, Object> key = JSON.readValue(system.ok("init", "--kind", "system").out().strip(), Map.class);
        Http.Response linked = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "HOME test", "systemKey", key));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        systemId = linked.json().path("systemId").asText();
        system.ok("init", "--id", systemId);
        system.ok("trust", "--jwks", portal() + "/.well-known/jwks.json");
    }

    private String portal() {
        return "http://127.0.0.1:" + port;
    }

    private String assign(int credits) {
        Http.Response assigned = operator.postJson("/api/v1/systems/" + systemId + "/credit-assignments",
                Map.of("subscriptionId", subscriptionId, "credits", credits));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(202);
        jobs.drain();
        return assigned.json().path("assignmentId").asText();
    }

    private JsonNode assignment(String assignmentId) {
        return operator.get("/api/v1/credit-assignments/" + assignmentId).json();
    }

    private String download(String assignmentId) {
        Http.Response file = operator.post("/api/v1/credit-assignments/" + assignmentId + "/download", "application/json", "{}");
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(file.contentType()).startsWith("application/jwt");
        jobs.drain();
        return file.body().strip();
    }

    @Test
    void creditsOnlineThroughCallIn() {
        system.ok("call-in", "--portal", portal());
        String assignmentId = assign(20);

        AgentProcess.Result sync = system.ok("call-in", "--portal", portal());
        jobs.drain();

        assertThat(sync.out()).contains("assignment " + assignmentId + ": 20 credits");
        assertThat(system.ok("status").out()).contains("credits: 20 held, 0 in use, 20 free");
        assertThat(assignment(assignmentId).path("downloaded").asBoolean()).isTrue();
        assertThat(subscriptions.get(subscriptionId).available()).isEqualTo(80);
    }

    @Test
    void creditsOfflineThroughADownloadedFile() {
        String assignmentId = assign(30);

        AgentProcess.Result apply = system.ok("apply", system.write("credits.jwt", download(assignmentId)).toString());

        assertThat(apply.out()).contains("assignment " + assignmentId + ": 30 credits");
        assertThat(system.ok("use", "--credits", "12", "--resource", "printer-1").out()).contains("credits: 30 held, 12 in use, 18 free");
        assertThat(assignment(assignmentId).path("state").asText()).isEqualTo("DOWNLOADED");
    }

    @Test
    void revokeOnlineThroughCallIn() {
        system.ok("call-in", "--portal", portal());
        String assignmentId = assign(20);
        system.ok("call-in", "--portal", portal());
        jobs.drain();

        Http.Response revoking = operator.postJson("/api/v1/credit-assignments/" + assignmentId + "/revocations", Map.of());
        assertThat(revoking.status()).as(revoking.toString()).isEqualTo(202);
        assertThat(revoking.json().path("status").asText()).isEqualTo("AWAITING_SYSTEM");
        jobs.drain();
        AgentProcess.Result sync = system.ok("call-in", "--portal", portal());
        jobs.drain();

        assertThat(sync.out()).contains("gave up assignment " + assignmentId).contains("revoke-key for " + assignmentId + " accepted");
        assertThat(assignment(assignmentId).path("state").asText()).isEqualTo("REVOKED");
        assertThat(subscriptions.get(subscriptionId).available()).isEqualTo(100);
        assertThat(system.ok("status").out()).contains("credits: 0 held").doesNotContain("not yet confirmed");
    }

    @Test
    void revokeOfflineThroughAPastedRevokeKey() {
        String assignmentId = assign(25);
        system.ok("apply", system.write("credits.jwt", download(assignmentId)).toString());
        system.ok("use", "--credits", "5", "--resource", "printer-1");

        Http.Response revoking = operator.postJson("/api/v1/credit-assignments/" + assignmentId + "/revocations", Map.of());
        assertThat(revoking.status()).as(revoking.toString()).isEqualTo(202);
        assertThat(revoking.json().path("status").asText()).isEqualTo("AWAITING_REVOKE_KEY");
        jobs.drain();
        AgentProcess.Result inUse = system.run("revoke-key", "--assignment", assignmentId);
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).startsWith("error: credits-in-use: ");
        system.ok("release", "--resource", "printer-1");
        String revokeKey = system.ok("revoke-key", "--assignment", assignmentId).out().strip();

        Http.Response pasted = operator.postJson("/api/v1/credit-assignments/" + assignmentId + "/revocations", Map.of("revokeKey", revokeKey));
        assertThat(pasted.status()).as(pasted.toString()).isEqualTo(202);
        jobs.drain();

        assertThat(assignment(assignmentId).path("state").asText()).isEqualTo("REVOKED");
        assertThat(subscriptions.get(subscriptionId).available()).isEqualTo(100);
        assertThat(system.ok("status").out()).contains("credits: 0 held");
    }

    @Test
    void aDownloadedFileForAnotherSystemIsRefused() throws Exception {
        AgentProcess other = AgentProcess.inThisJvm(tmp.resolve("other"));
        Map<String, Object> key = JSON.readValue(other.ok("init", "--kind", "system").out().strip(), Map.class);
        String otherId = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "other", "systemKey", key))
                .json().path("systemId").asText();
        Http.Response assigned = operator.postJson("/api/v1/systems/" + otherId + "/credit-assignments",
                Map.of("subscriptionId", subscriptionId, "credits", 10));
        jobs.drain();
        String file = download(assigned.json().path("assignmentId").asText());

        AgentProcess.Result apply = system.run("apply", system.write("other.jwt", file).toString());

        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err()).startsWith("error: token-wrong-audience: ");
        assertThat(system.ok("status").out()).contains("credits: 0 held");
    }
}
