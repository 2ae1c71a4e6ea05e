package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A bad revoke key on "Enter revoke key" is refused at the engine's doors where the operator clicked Complete
 * (Tasklist's API, {@code /engine-rest}) with the REST API's token codes and the words in {@code message}; the task
 * stays assigned to the same operator, no credits or tokens move, the key is not kept. The refusal is in the
 * assignment's timeline. The right key still returns the credits.
 */
@GrantflowTest
class EnterRevokeKeyRefusalTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    CreditFixtures f;
    Http http;

    @BeforeEach
    void setUp() {
        f = CreditFixtures.from(context);
        http = Http.at(port);
    }

    record Unchanged(AssignmentState state, long available, int ledgerRows, long tokenRows, String taskId, String assignee,
            Map<String, Object> variables) {
    }

    Unchanged unchanged(String sub, String assignmentId, String revokePi) {
        Task task = tasks.createTaskQuery().processInstanceId(revokePi).taskDefinitionKey(CreditRevokeProcess.USER_TASK_ENTER_KEY).singleResult();
        return new Unchanged(f.assignment(assignmentId).state(), f.available(sub), f.entries(sub).size(),
                f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_token_record", Long.class), task.getId(), task.getAssignee(),
                new TreeMap<>(runtime.getVariables(revokePi)));
    }

    /** A downloaded assignment of an offline system whose revoke waits for an operator's key. */
    record Waiting(CreditAssignment assignment, String revokePi, String taskId) {
    }

    Waiting waiting(EdgeKeyPair system, String sub) {
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        f.tx.execute(s -> f.assignments.download(started.assignmentId(), "operator"));
        String revokePi = f.tx.execute(s -> f.revocations.start(started.assignmentId(), "operator")).processInstanceId();
        String taskId = tasks.createTaskQuery().processInstanceId(revokePi).taskDefinitionKey(CreditRevokeProcess.USER_TASK_ENTER_KEY)
                .singleResult().getId();
        return new Waiting(f.assignment(started.assignmentId()), revokePi, taskId);
    }

    private static String key(String revokeKey) {
        return "{\"variables\":{\"revokeKey\":{\"value\":\"" + revokeKey + "\",\"type\":\"String\"}}}";
    }

    private static void assertRefused(Http.Response r, String code, String words) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.json().path("detail").asText()).contains(words);
        assertThat(r.json().path("message").asText()).contains(words).contains(code);
        assertThat(r.body()).doesNotContain("ENGINE-", "Exception");
    }

    @Test
    void badRevokeKeysAreRefusedAtEveryDoorWithTheTaskLeftWithItsOperatorAndTheRightKeyReturnsTheCredits() throws Exception {
        String sub = f.subscription(100);
        EdgeKeyPair system = f.system("ACME");
        Waiting w = waiting(system, sub);
        CreditAssignment a = w.assignment();
        // a key spent on another assignment of the same system, for the replay
        Waiting other = waiting(system, sub);
        String spent = f.revokeKey(system, other.assignment()).sign();
        f.tx.execute(s -> f.revocations.enterRevokeKey(other.assignment().id(), spent, "operator"));
        String spentJti = SignedJWT.parse(spent).getJWTClaimsSet().getJWTID();

        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response claimed = tasklist.engine("POST", "/task/" + w.taskId() + "/claim", "{\"userId\":\"operator\"}");
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(204);
        Unchanged before = unchanged(sub, a.id(), w.revokePi());
        assertThat(before.state()).isEqualTo(AssignmentState.REVOKING);
        assertThat(before.assignee()).isEqualTo("operator");

        // Tasklist's Complete: a key for another credit file, one signed by another key, one spent already
        assertRefused(tasklist.engine("POST", "/task/" + w.taskId() + "/submit-form",
                key(f.revokeKey(system, a).claim("file_jti", "another-file").sign())), "token-unknown-subject", "gives up another credit file");
        assertRefused(tasklist.engine("POST", "/task/" + w.taskId() + "/submit-form",
                key(f.revokeKey(system, a).signedBy(EdgeKeyPair.create(system.id())).sign())), "token-invalid-signature", "");
        assertRefused(tasklist.engine("POST", "/task/" + w.taskId() + "/submit-form",
                key(f.revokeKey(system, a).claims(c -> c.jwtID(spentJti)).sign())), "token-replayed", "was used before");
        assertThat(unchanged(sub, a.id(), w.revokePi())).isEqualTo(before);
        // /engine-rest: a key of another assignment, text that is no key, no key at all
        Http operator = http.as("operator");
        assertRefused(operator.post("/engine-rest/task/" + w.taskId() + "/complete", "application/json",
                key(f.revokeKey(system, other.assignment()).sign())), "token-unknown-subject", "is for " + other.assignment().id());
        assertRefused(operator.post("/engine-rest/engine/default/task/" + w.taskId() + "/submit-form", "application/json",
                key("not a key")), "token-malformed", "");
        assertRefused(operator.post("/engine-rest/task/" + w.taskId() + "/complete", "application/json", "{}"), "token-malformed",
                "No revoke key was entered");
        assertThat(unchanged(sub, a.id(), w.revokePi())).isEqualTo(before);
        assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(w.revokePi()).variableName("revokeKey").count()).isZero();

        Http.Response timeline = http.as("auditor").get("/api/v1/audit/timeline/assignment/" + a.id());
        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
        List<JsonNode> refused = new ArrayList<>();
        timeline.json().path("events").forEach(e -> {
            if ("TASK_REFUSED".equals(e.path("type").asText())) {
                refused.add(e);
            }
        });
        assertThat(refused).extracting(e -> e.path("detail").path("code").asText()).containsExactly("token-unknown-subject",
                "token-invalid-signature", "token-replayed", "token-unknown-subject", "token-malformed", "token-malformed");
        assertThat(refused.get(0).path("user").asText()).isEqualTo("operator");
        assertThat(refused.get(0).path("name").asText()).startsWith("Enter revoke key — Test system");
        assertThat(refused.get(0).path("detail").path("task").asText()).isEqualTo(CreditRevokeProcess.USER_TASK_ENTER_KEY);
        assertThat(refused.get(0).path("detail").path("message").asText()).contains("another credit file");
        assertThat(refused.get(0).path("detail").path("actor").asText()).isEqualTo("operator");

        // the right key: accepted, the credits back
        Http.Response good = tasklist.engine("POST", "/task/" + w.taskId() + "/submit-form", key(f.revokeKey(system, a).sign()));
        assertThat(good.status()).as(good.toString()).isEqualTo(204);
        assertThat(f.assignment(a.id()).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.available(sub)).isEqualTo(100);
        assertThat(f.chainIntact(sub)).isTrue();
    }

    /** A revoke key above the token limit is {@code token-too-large} whichever way it comes, as a bare token is. */
    @Test
    void aRevokeKeyAboveTheTokenLimitIsTokenTooLargeAtTheApiAndInTasklist() {
        String sub = f.subscription(100);
        Waiting w = waiting(f.system("ACME"), sub);
        Unchanged before = unchanged(sub, w.assignment().id(), w.revokePi());
        String big = "x".repeat(9000);

        Http.Response api = http.as("operator").postJson("/api/v1/credit-assignments/" + w.assignment().id() + "/revocations",
                Map.of("revokeKey", big));
        assertThat(api.status()).as(api.toString()).isEqualTo(400);
        assertThat(api.code()).isEqualTo("token-too-large");
        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");
        assertThat(tasklist.engine("POST", "/task/" + w.taskId() + "/claim", "{\"userId\":\"operator\"}").status()).isEqualTo(204);
        assertRefused(tasklist.engine("POST", "/task/" + w.taskId() + "/submit-form", key(big)), "token-too-large", "larger than");
        Unchanged after = unchanged(sub, w.assignment().id(), w.revokePi());
        assertThat(after).isEqualTo(new Unchanged(before.state(), before.available(), before.ledgerRows(), before.tokenRows(),
                before.taskId(), "operator", before.variables()));
    }
}
