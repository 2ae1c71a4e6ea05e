package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.HistoryCleanup;
import io.grantflow.support.Http;
import io.grantflow.tokens.TokenIssuer;
import io.grantflow.protocol.TokenType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Calendar;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

@GrantflowTest
class AuditApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine processEngine;
    @Autowired
    LedgerService ledger;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    TokenIssuer issuer;

    @TempDir
    Path temp;

    Http auditor;
    String pool;

    @BeforeEach
    void setUp() {
        auditor = Http.at(port).as("auditor");
        pool = "POOL-A-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            ledger.openPool(pool, "CREDITS", 50, "test");
            ledger.allocate(new Movement("a:" + pool, pool, "ASG-" + pool, 20, "credit-assignment", null, null, "operator"));
        });
        if (repository.createProcessDefinitionQuery().processDefinitionKey("ledger-step-test").count() == 0) {
            repository.createDeployment().name("ledger-step-test").addClasspathResource("test-processes/ledger-step-test.bpmn").deploy();
        }
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void ledgerWhenFilteredByPoolThenRowsAsJsonAndCsv() {
        Http.Response json = auditor.get("/api/v1/audit/ledger?pool=" + pool);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json()).hasSize(2);
        assertThat(json.json().get(1).path("kind").asText()).isEqualTo("ALLOCATE");
        assertThat(json.json().get(1).path("hash").asText()).hasSize(64);

        Http.Response csv = auditor.send(auditor.builder("/api/v1/audit/ledger?pool=" + pool).header("Accept", "text/csv").GET());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        assertThat(csv.body().split("\r\n")).hasSize(3);
        assertThat(csv.body()).startsWith("id,pool,seq,movement,kind").contains("ALLOCATE").contains("credit-assignment");
        assertThat(auditor.get("/api/v1/audit/ledger?format=csv&holder=ASG-" + pool).body().split("\r\n")).hasSize(2);
    }

    @Test
    void ledgerWhenTimeFilterMalformedThenBadRequest() {
        Http.Response r = auditor.get("/api/v1/audit/ledger?from=yesterday");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid-request");
    }

    @Test
    void verifyWhenLedgerUntouchedThenIntact() {
        Http.Response r = auditor.get("/api/v1/audit/ledger/verify");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("intact").asBoolean()).as(r.body()).isTrue();
        assertThat(r.json().path("pools").asInt()).isGreaterThanOrEqualTo(7);
        assertThat(r.json().path("broken")).isEmpty();
    }

    @Test
    void auditApiWhenNotAnAuditorThenForbiddenAndAuditorWritesNothing() {
        Http http = Http.at(port);
        for (String user : new String[] {"operator", "integrator"}) {
            assertThat(http.as(user).get("/api/v1/audit/ledger/verify").status()).as(user).isEqualTo(403);
            assertThat(http.as(user).get("/audit/").status()).as(user).isEqualTo(403);
        }
        assertThat(http.get("/api/v1/audit/ledger").status()).isEqualTo(401);
        assertThat(http.get("/audit/").status()).isEqualTo(401);
        assertThat(auditor.get("/audit/").body()).contains("Grantflow");
        // Writes anywhere: Grantflow's API, and Camunda's REST API under the engine's authorizations.
        assertThat(auditor.postJson("/api/v1/licenses/LIC-DEMO/remote-activations", "{}").status()).isEqualTo(403);
        assertThat(auditor.postJson("/api/v1/admin/signing-keys/rotate", "{}").status()).isEqualTo(403);
        assertThat(auditor.postJson("/engine-rest/process-definition/key/ledger-step-test/start", "{}").status()).isEqualTo(403);
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "none"));
        assertThat(auditor.send(auditor.builder("/engine-rest/process-instance/" + pi.getId()).DELETE()).status()).isEqualTo(403);
        String taskId = tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId();
        assertThat(auditor.postJson("/engine-rest/task/" + taskId + "/complete", "{}").status()).isEqualTo(403);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isEqualTo(1);
        assertThat(auditor.get("/engine-rest/process-instance/" + pi.getId()).status()).isEqualTo(200);
    }

    @Test
    void evidenceWhenDownloadedThenVerifiesAgainstJwksAndTamperingIsFound() throws Exception {
        Http.Response bundle = auditor.get("/api/v1/audit/evidence/subscription/" + pool);
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.contentType()).startsWith("application/jwt");
        assertThat(bundle.raw().headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        String payload = new String(Base64.getUrlDecoder().decode(bundle.body().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("ALLOCATE").doesNotContain("\"d\":");

        Path file = temp.resolve("evidence.jwt");
        Files.writeString(file, bundle.body());
        String jwks = "http://127.0.0.1:" + port + "/.well-known/jwks.json";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int ok = EvidenceVerifierCli.run(new String[] {"--jwks", jwks, file.toString()}, new PrintStream(out), System.err);
        assertThat(ok).isZero();
        assertThat(out.toString()).contains("evidence verified: subscription/" + pool).contains("intact");

        String[] parts = bundle.body().split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("\"amount\":20", "\"amount\":2")
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(file, parts[0] + "." + forgedPayload + "." + parts[2]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int forged = EvidenceVerifierCli.run(new String[] {"--jwks", jwks, file.toString()}, System.out, new PrintStream(err));
        assertThat(forged).isEqualTo(1);
        assertThat(err.toString()).contains("token-invalid-signature");
    }

    @Test
    void timelineWhenKindUnknownOrSubjectMissingThenProblem() {
        assertThat(auditor.get("/api/v1/audit/timeline/planet/X").code()).isEqualTo("invalid-request");
        Http.Response missing = auditor.get("/api/v1/audit/timeline/activation/NO-SUCH-" + UUID.randomUUID());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("not-found");
    }

    @Test
    void timelineWhenEngineHistoryCleanedUpThenLedgerRowsStillTellTheStory() {
        ProcessInstance pi = runtime.startProcessInstanceByKey("ledger-step-test", Map.of("pool", pool, "failAt", "none"));
        tasks.complete(tasks.createTaskQuery().processInstanceId(pi.getId()).singleResult().getId());
        management.executeJob(management.createJobQuery().processInstanceId(pi.getId()).singleResult().getId());
        String holder = "HOLDER-" + pi.getId();
        // A token Grantflow issued about the holder, in that flow: its record must outlive the engine's history too.
        String jti = tx.execute(s -> issuer.issue(TokenType.CONNECTION, "INST-AUDIT", holder, java.time.Duration.ofDays(1),
                Map.of("seats", 5), pi.getId())).jti();

        JsonNode before = auditor.get("/api/v1/audit/timeline/activation/" + holder).json();
        assertThat(before.path("processes")).hasSize(1);
        assertThat(before.path("events").toString()).contains("USER_TASK_COMPLETED").contains("ALLOCATE");

        // The test process keeps history one day; two days later the engine's cleanup removes it.
        Calendar later = Calendar.getInstance();
        later.add(Calendar.DAY_OF_MONTH, 2);
        ClockUtil.setCurrentTime(later.getTime());
        HistoryCleanup.runNow(processEngine);
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();

        JsonNode after = auditor.get("/api/v1/audit/timeline/activation/" + holder).json();
        assertThat(after.path("processes")).isEmpty();
        assertThat(after.path("ledger")).hasSize(2);
        assertThat(after.path("ledger").get(0).path("processInstanceId").asText()).isEqualTo(pi.getId());
        assertThat(after.path("tokens")).hasSize(1);
        assertThat(after.path("tokens").get(0).path("jti").asText()).isEqualTo(jti);
        assertThat(after.path("events").toString()).contains("TOKEN_ISSUED").contains("connection+jwt");
    }
}
