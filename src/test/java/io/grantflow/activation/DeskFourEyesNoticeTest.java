package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Four-eyes said in words where the configurer looks: the engine hides "Confirm seat reduction" from the operator
 * who configured the reduction (Tasklist can only answer "No matching task"), so the desk's activation page tells
 * them a second person must confirm it and offers them no link; another operator gets the task's link.
 */
@GrantflowTest
class DeskFourEyesNoticeTest {

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;

    @Test
    void theConfigurerReadsWhyAndGetsNoLinkWhileAnotherOperatorGetsTheTask() {
        EngineDoorFixture.Scene s = doors.scene();
        WebappSession configurer = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response configured = configurer.engine("POST", "/task/" + s.taskId() + "/submit-form",
                "{\"variables\":{\"newSeats\":{\"value\":4,\"type\":\"Long\"},\"newExpiresAt\":{\"value\":\"\",\"type\":\"String\"}}}");
        assertThat(configured.status()).as(configured.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        assertThat(doors.fx.updates.get(s.updateId()).status()).isEqualTo(UpdateStatus.AWAITING_REDUCTION_APPROVAL);
        String confirm = doors.fx.task(s.updatePi(), ActivationProcesses.Update.CONFIRM_REDUCTION).getId();
        String link = "/camunda/app/tasklist/default/#/?task=" + confirm;
        String page = "/desk/activations/" + s.act().id();

        // what Tasklist meets when the configurer opens the task: the engine does not show it to them
        assertThat(configurer.engine("GET", "/task/" + confirm, null).status()).isEqualTo(404);
        Http.Response own = configurer.page(page);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.body()).contains("id=\"four-eyes-configurer\"", "You configured this reduction", "must confirm it",
                "No matching task").doesNotContain(link).doesNotContain("id=\"four-eyes-confirmer\"");

        WebappSession other = WebappSession.login(port, "tasklist", "operator2", "operator2");
        assertThat(other.engine("GET", "/task/" + confirm, null).status()).isEqualTo(200);
        Http.Response theirs = other.page(page);
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(200);
        assertThat(theirs.body()).contains("id=\"four-eyes-confirmer\"", "href=\"" + link + "\"", "Confirm seat reduction in Tasklist")
                .doesNotContain("You configured this reduction");

        // once confirmed, nothing waits for a second person
        Http.Response approved = other.engine("POST", "/task/" + confirm + "/submit-form",
                "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        assertThat(configurer.page(page).body()).doesNotContain("id=\"four-eyes");
    }
}
