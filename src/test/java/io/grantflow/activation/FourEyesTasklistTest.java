package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Four-eyes in Tasklist: the operator who configured a reduction does not see "Confirm seat reduction", and trying it
 * by id (Tasklist's API or /engine-rest) is a readable {@code 403 four-eyes}, not the engine's wrapped 500; another
 * operator sees it and confirms it in Tasklist.
 */
@GrantflowTest
class FourEyesTasklistTest {

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    private static String tasksOf(WebappSession tasklist, String pi) {
        Http.Response list = tasklist.engine("POST", "/task?firstResult=0&maxResults=15", "{\"processInstanceId\":\"" + pi + "\"}");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.body();
    }

    private static void assertFourEyes(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("four-eyes");
        assertThat(r.json().path("detail").asText()).contains("another operator than the one who configured it (operator)");
        assertThat(r.json().path("message").asText()).contains("another operator than the one who configured it", "four-eyes");
        assertThat(r.body()).doesNotContain("ENGINE-", "Exception");
    }

    @Test
    void theConfigurerIsNotOfferedTheConfirmationAndIsRefusedReadablyByIdAnotherOperatorConfirms() {
        EngineDoorFixture.Scene s = doors.scene();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response configured = operator.engine("POST", "/task/" + s.taskId() + "/submit-form",
                "{\"variables\":{\"newSeats\":{\"value\":4,\"type\":\"Long\"},\"newExpiresAt\":{\"value\":\"\",\"type\":\"String\"}}}");
        assertThat(configured.status()).as(configured.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        String confirm = doors.fx.task(s.updatePi(), ActivationProcesses.Update.CONFIRM_REDUCTION).getId();
        ActivationFixture.Snapshot before = doors.fx.snapshot(s.act());

        assertThat(tasksOf(operator, s.updatePi())).doesNotContain(confirm);
        Http.Response viaRest = http.as("operator").get("/engine-rest/task?processInstanceId=" + s.updatePi());
        assertThat(viaRest.status()).isEqualTo(200);
        assertThat(viaRest.body()).doesNotContain(confirm);

        assertFourEyes(operator.engine("POST", "/task/" + confirm + "/claim", "{\"userId\":\"operator\"}"));
        assertFourEyes(operator.engine("POST", "/task/" + confirm + "/submit-form", "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}"));
        assertFourEyes(http.as("operator").postJson("/engine-rest/task/" + confirm + "/complete",
                Map.of("variables", Map.of("approved", Map.of("value", true, "type", "Boolean")))));
        Http.Response api = http.as("operator").postJson("/api/v1/remote-activations/updates/" + s.updateId() + "/reduction-approval",
                Map.of("approved", true));
        assertThat(api.status()).as(api.toString()).isEqualTo(403);
        assertThat(api.code()).isEqualTo("four-eyes");

        assertThat(doors.fx.snapshot(s.act())).isEqualTo(before);
        assertThat(doors.fx.task(s.updatePi(), ActivationProcesses.Update.CONFIRM_REDUCTION).getId()).isEqualTo(confirm);
        assertThat(doors.fx.updates.get(s.updateId()).approvedBy()).isNull();
        assertThat(doors.fx.updates.get(s.updateId()).status()).isEqualTo(UpdateStatus.AWAITING_REDUCTION_APPROVAL);
        // the auditors see the three refusals at the engine's doors (the API's own refusal is the API's answer)
        Http.Response timeline = http.as("auditor").get("/api/v1/audit/timeline/update/" + s.updateId());
        assertThat(ConfigureSeatsRefusalTest.refusals(timeline.json()))
                .extracting(e -> e.path("detail").path("code").asText() + " " + e.path("detail").path("operation").asText() + " "
                        + e.path("user").asText() + " " + e.path("activityId").asText())
                .containsExactly("four-eyes claim operator UserTask_ConfirmReduction", "four-eyes submit-form operator UserTask_ConfirmReduction",
                        "four-eyes complete operator UserTask_ConfirmReduction");

        WebappSession operator2 = WebappSession.login(port, "tasklist", "operator2", "operator2");
        assertThat(tasksOf(operator2, s.updatePi())).contains(confirm);
        assertThat(operator2.engine("POST", "/task/" + confirm + "/claim", "{\"userId\":\"operator2\"}").status()).isEqualTo(204);
        Http.Response approved = operator2.engine("POST", "/task/" + confirm + "/submit-form",
                "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        assertThat(doors.fx.updates.get(s.updateId()).approvedBy()).isEqualTo("operator2");
        assertThat(doors.fx.updates.get(s.updateId()).status()).isEqualTo(UpdateStatus.CONNECTION_TOKEN_READY);
    }
}
