package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an administrator does to a flow over {@code /engine-rest} (job execution, message correlation, modification,
 * suspension, variable write) is in the auditors' timeline of the activation it touched, with who and when; an
 * operator's refused attempt leaves nothing there.
 */
@GrantflowTest
class EngineOperationsTimelineTest {

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    private Http.Response send(String user, String method, String path, String json) {
        HttpRequest.Builder b = http.as(user).builder("/engine-rest" + path).header("Accept", "application/json");
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(b);
    }

    private List<JsonNode> operations(String activationId) {
        Http.Response r = http.as("auditor").get("/api/v1/audit/timeline/activation/" + activationId);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> ops = new ArrayList<>();
        r.json().path("events").forEach(e -> {
            if (e.path("source").asText().equals("operation")) {
                ops.add(e);
            }
        });
        return ops;
    }

    private static JsonNode find(List<JsonNode> ops, String namePart, String processInstanceId) {
        return ops.stream().filter(e -> e.path("name").asText().contains(namePart)
                        && e.path("processInstanceId").asText().equals(processInstanceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + namePart + " on " + processInstanceId + " in " + ops));
    }

    @Test
    void anAdministratorsJobExecutionCorrelationAndModificationAppearInTheActivationsTimelineWithWhoAndWhen() {
        EngineDoorFixture.Scene s = doors.scene();

        Http.Response refused = send("operator", "POST", "/process-instance/" + s.updatePi() + "/modification",
                "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"UserTask_ConfigureSeats\"}]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(operations(s.act().id())).isEmpty();

        Http.Response execute = send("admin", "POST", "/job/" + s.jobId() + "/execute", null);
        assertThat(execute.status()).as(execute.toString()).isEqualTo(204);
        Http.Response correlate = send("admin", "POST", "/message",
                "{\"messageName\":\"ActivationExpiryChanged\",\"processInstanceId\":\"" + s.lifecyclePi() + "\"}");
        assertThat(correlate.status()).as(correlate.toString()).isEqualTo(204);
        Http.Response modify = send("admin", "POST", "/process-instance/" + s.updatePi() + "/modification",
                "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"UserTask_ConfigureSeats\"},"
                        + "{\"type\":\"startBeforeActivity\",\"activityId\":\"UserTask_ConfigureSeats\"}]}");
        assertThat(modify.status()).as(modify.toString()).isEqualTo(204);
        Http.Response variable = send("admin", "PUT", "/process-instance/" + s.updatePi() + "/variables/note",
                "{\"value\":\"x\",\"type\":\"String\"}");
        assertThat(variable.status()).as(variable.toString()).isEqualTo(204);
        Http.Response suspend = send("admin", "PUT", "/process-instance/" + s.updatePi() + "/suspended", "{\"suspended\":true}");
        assertThat(suspend.status()).as(suspend.toString()).isEqualTo(204);

        List<JsonNode> ops = operations(s.act().id());
        for (JsonNode e : List.of(find(ops, "ExecuteJob", s.lifecyclePi()), find(ops, "Correlate", s.lifecyclePi()),
                find(ops, "Modif", s.updatePi()), find(ops, "Variable", s.updatePi()), find(ops, "Suspen", s.updatePi()))) {
            assertThat(e.path("user").asText()).as(e.toString()).isEqualTo("admin");
            assertThat(e.path("at").asText()).as(e.toString()).isNotBlank();
            assertThat(e.path("detail").path("door").asText()).isEqualTo("engine-rest");
        }
        assertThat(find(ops, "Correlate", s.lifecyclePi()).path("detail").path("path").asText()).isEqualTo("/message");
    }
}
