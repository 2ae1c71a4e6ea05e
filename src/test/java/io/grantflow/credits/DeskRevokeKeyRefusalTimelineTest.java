package io.grantflow.credits;

import static io.grantflow.support.WebappSession.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A revoke key the desk refuses (not a key; another system's key) is told in the assignment's timeline, as a refused
 * "Enter revoke key" in Tasklist is: who, at which door, the code and the words. The key that works then leaves no
 * refusal of its own.
 */
@GrantflowTest
class DeskRevokeKeyRefusalTimelineTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @Test
    void refusedRevokeKeysAtTheDeskAppearInTheAssignmentsTimeline() {
        String subscription = f.subscription(40);
        EdgeKeyPair system = f.system("ACME");
        String id = f.assign(system, subscription, 15, null).assignmentId();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/credit-assignments/" + id;
        assertThat(operator.form(page + "/download", Map.of("_csrf", csrf(operator.page(page)))).status()).isEqualTo(302);
        assertThat(operator.form(page + "/revoke", Map.of("_csrf", csrf(operator.page(page)))).status()).isEqualTo(302);
        assertThat(refusals(id)).isEmpty();

        Http.Response waiting = operator.page(page);
        operator.form(page + "/revoke-key", Map.of("_csrf", csrf(waiting), "revokeKey", "not-a-revoke-key"));
        Http.Response malformed = operator.page(page);
        assertThat(malformed.body()).contains("Refused", "token-malformed");
        String otherSystemsKey = f.revokeKey(f.system("ACME"), f.assignment(id)).sign();
        operator.form(page + "/revoke-key", Map.of("_csrf", csrf(malformed), "revokeKey", otherSystemsKey));
        assertThat(operator.page(page).body()).contains("Refused");
        assertThat(f.assignment(id).state()).as("refused keys change nothing").isEqualTo(AssignmentState.REVOKING);

        List<JsonNode> refused = refusals(id);
        assertThat(refused).hasSize(2);
        assertThat(refused.get(0).path("detail").path("code").asText()).isEqualTo("token-malformed");
        assertThat(refused.get(1).path("detail").path("code").asText()).isNotBlank().isNotEqualTo("token-malformed");
        for (JsonNode r : refused) {
            assertThat(r.path("user").asText()).isEqualTo("operator");
            assertThat(r.path("name").asText()).startsWith("Enter revoke key");
            assertThat(r.path("detail").path("door").asText()).isEqualTo("desk");
            assertThat(r.path("detail").path("task").asText()).isEqualTo(CreditRevokeProcess.USER_TASK_ENTER_KEY);
            assertThat(r.path("detail").path("message").asText()).isNotBlank();
            assertThat(r.path("processInstanceId").asText()).isEqualTo(f.assignment(id).revokeProcessInstanceId());
        }

        operator.form(page + "/revoke-key", Map.of("_csrf", csrf(operator.page(page)), "revokeKey", f.revokeKey(system, f.assignment(id)).sign()));
        assertThat(f.assignment(id).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(refusals(id)).hasSize(2);
    }

    private List<JsonNode> refusals(String assignmentId) {
        Http.Response timeline = Http.at(port).as("auditor").get("/api/v1/audit/timeline/assignment/" + assignmentId);
        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
        List<JsonNode> refused = new ArrayList<>();
        timeline.json().path("events").forEach(e -> {
            if (e.path("type").asText().equals("TASK_REFUSED")) {
                refused.add(e);
            }
        });
        return refused;
    }
}
