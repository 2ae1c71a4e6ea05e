package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Configure printer seats" with more seats than the license has available is refused at the engine's doors where the
 * operator clicked Complete: Tasklist's API (the webapp session) and {@code /engine-rest} (Basic), with the code and
 * the words in {@code message}; the task stays, assigned to the same operator, nothing written or moved. The refusal
 * is in the auditors' timeline. Good seats still complete the task.
 */
@GrantflowTest
class ConfigureSeatsRefusalTest {

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    /** What a refusal must leave as it was: the seats, ledger and update, the task and its assignee, the variables. */
    record Unchanged(ActivationFixture.Snapshot snapshot, ActivationUpdate update, String taskId, String assignee, Map<String, Object> variables,
            List<String> activities) {
    }

    Unchanged unchanged(EngineDoorFixture.Scene s) {
        Task task = doors.fx.task(s.updatePi(), ActivationProcesses.Update.CONFIGURE_SEATS);
        return new Unchanged(doors.fx.snapshot(s.act()), doors.fx.updates.get(s.updateId()), task.getId(), task.getAssignee(),
                new TreeMap<>(doors.runtime.getVariables(s.updatePi())), doors.runtime.getActiveActivityIds(s.updatePi()));
    }

    private static String seats(Object value, String type) {
        return "{\"variables\":{\"newSeats\":{\"value\":" + value + ",\"type\":\"" + type + "\"},\"newExpiresAt\":{\"value\":\"\",\"type\":\"String\"}}}";
    }

    private static void assertRefused(Http.Response r, int status, String code, String words) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.json().path("detail").asText()).contains(words);
        // Tasklist's notification shows a failed request's message
        assertThat(r.json().path("message").asText()).contains(words).contains(code);
        assertThat(r.body()).doesNotContain("ENGINE-", "Exception");
    }

    @Test
    void tooManySeatsAreRefusedAtEveryDoorWithTheTaskLeftWithItsOperatorAndGoodSeatsComplete() {
        EngineDoorFixture.Scene s = doors.scene(); // license of 20, the activation holds 10: 10 available
        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response claimed = tasklist.engine("POST", "/task/" + s.taskId() + "/claim", "{\"userId\":\"operator\"}");
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(204);
        Unchanged before = unchanged(s);
        assertThat(before.assignee()).isEqualTo("operator");

        // a forged page (the session's cookie without its XSRF token) is refused by Camunda's CSRF filter, which also ends
        // that session, before any rule looks at it, and not recorded
        WebappSession victim = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response forged = victim.engineWithoutXsrf("POST", "/task/" + s.taskId() + "/submit-form", seats(25, "Long"));
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("seats-exceed-license");
        assertThat(unchanged(s)).isEqualTo(before);

        // Tasklist's Complete
        assertRefused(tasklist.engine("POST", "/task/" + s.taskId() + "/submit-form", seats(25, "Long")), 409, "seats-exceed-license",
                "15 more seats requested, the license has 10 available");
        assertThat(unchanged(s)).isEqualTo(before);
        // /engine-rest, both of its paths, numbers as the engine reads them (Integer, Double, text)
        Http operator = http.as("operator");
        assertRefused(operator.post("/engine-rest/task/" + s.taskId() + "/complete", "application/json", seats(25, "Integer")), 409,
                "seats-exceed-license", "15 more seats requested");
        assertRefused(operator.post("/engine-rest/engine/default/task/" + s.taskId() + "/submit-form", "application/json",
                seats(21.0, "Double")), 409, "seats-exceed-license", "11 more seats requested");
        assertRefused(operator.post("/engine-rest/task/" + s.taskId() + "/submit-form", "application/json", seats("\"30\"", "String")), 409,
                "seats-exceed-license", "20 more seats requested");
        assertRefused(operator.post("/engine-rest/task/" + s.taskId() + "/complete", "application/json", seats(0, "Long")), 400,
                "invalid-request", "seats must be between 1 and");
        assertRefused(operator.post("/engine-rest/task/" + s.taskId() + "/complete", "application/json", "{}"), 400,
                "invalid-request", "Enter the new number of seats");
        assertThat(unchanged(s)).isEqualTo(before);

        // a body the engine cannot read is the engine's to answer; nothing changes either
        Http.Response malformed = operator.post("/engine-rest/task/" + s.taskId() + "/complete", "application/json", "{\"variables\":");
        assertThat(malformed.status()).as(malformed.toString()).isBetween(400, 499);
        assertThat(malformed.body()).doesNotContain("seats-exceed-license");
        assertThat(unchanged(s)).isEqualTo(before);

        // the auditors see each refusal: who, when, which task, the code and the words
        Http auditor = http.as("auditor");
        for (String subject : List.of("update/" + s.updateId(), "activation/" + s.act().id())) {
            Http.Response timeline = auditor.get("/api/v1/audit/timeline/" + subject);
            assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
            List<JsonNode> refused = refusals(timeline.json());
            assertThat(refused).hasSize(6);
            JsonNode first = refused.get(0);
            assertThat(first.path("source").asText()).isEqualTo("task");
            assertThat(first.path("user").asText()).isEqualTo("operator");
            assertThat(first.path("name").asText()).startsWith("Configure printer seats — ");
            assertThat(first.path("processInstanceId").asText()).isEqualTo(s.updatePi());
            assertThat(first.path("detail").path("code").asText()).isEqualTo("seats-exceed-license");
            assertThat(first.path("detail").path("message").asText()).contains("15 more seats requested, the license has 10 available");
            assertThat(first.path("detail").path("task").asText()).isEqualTo(ActivationProcesses.Update.CONFIGURE_SEATS);
            assertThat(first.path("detail").path("actor").asText()).isEqualTo("operator");
            assertThat(first.path("detail").path("door").asText()).isEqualTo("webapps");
            assertThat(first.path("processDefinitionKey").asText()).isEqualTo(ActivationProcesses.Update.KEY);
            assertThat(refused.get(1).path("detail").path("door").asText()).isEqualTo("engine-rest");
            assertThat(refused.get(1).path("processDefinitionKey").asText()).isEqualTo(ActivationProcesses.Update.KEY);
            assertThat(refused.get(4).path("detail").path("code").asText()).isEqualTo("invalid-request");
        }

        // seats that fit: the task completes and the flow goes on
        Http.Response good = tasklist.engine("POST", "/task/" + s.taskId() + "/submit-form", seats(15, "Long"));
        assertThat(good.status()).as(good.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        assertThat(doors.fx.updates.get(s.updateId()).status()).isEqualTo(UpdateStatus.CONNECTION_TOKEN_READY);
        assertThat(doors.fx.licenses.get(s.act().licenseId()).available()).isEqualTo(5);
        assertThat(doors.fx.updates.get(s.updateId()).configuredBy()).isEqualTo("operator");
    }

    @Test
    void whoMayNotWorkTheTaskIsAnsweredByTheEngineNotByTheSeatRules() {
        EngineDoorFixture.Scene s = doors.scene();
        Unchanged before = unchanged(s);
        Http.Response r = http.as("auditor").post("/engine-rest/task/" + s.taskId() + "/complete", "application/json", seats(25, "Long"));
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.body()).doesNotContain("seats-exceed-license", "seats requested");
        assertThat(unchanged(s)).isEqualTo(before);
    }

    static List<JsonNode> refusals(JsonNode timeline) {
        List<JsonNode> refused = new ArrayList<>();
        timeline.path("events").forEach(e -> {
            if ("TASK_REFUSED".equals(e.path("type").asText())) {
                refused.add(e);
            }
        });
        return refused;
    }
}
