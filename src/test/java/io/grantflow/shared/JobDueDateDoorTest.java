package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The engine command guard: an administrator may move a job's due date at {@code /engine-rest} and through the webapps'
 * engine API (Cockpit), but a body that would take it away is refused with {@code 400 due-date-required} and the job
 * keeps its date, so the job executor (which only looks for due dates that have passed) still finds it.
 */
@GrantflowTest
class JobDueDateDoorTest {

    @LocalServerPort
    int port;
    @Autowired
    ProcessEngine engine;

    Http admin;
    Deployment deployment;
    Job timer;

    @BeforeEach
    void aWaitingTimer() {
        admin = Http.at(port).as("admin");
        deployment = engine.getRepositoryService().createDeployment().name("job-due-date-door-test")
                .addModelInstance("gf-test-timer.bpmn", Bpmn.createExecutableProcess("gf-test-timer").camundaHistoryTimeToLive(1)
                        .startEvent().intermediateCatchEvent().timerWithDuration("P1D").endEvent().done())
                .deploy();
        String instance = engine.getRuntimeService().startProcessInstanceByKey("gf-test-timer").getId();
        timer = engine.getManagementService().createJobQuery().processInstanceId(instance).singleResult();
        assertThat(timer.getDuedate()).isNotNull();
    }

    @AfterEach
    void removeTheTestProcess() {
        engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
    }

    private Http.Response engineRest(Http as, String path, String body) {
        HttpRequest.Builder b = as.builder(path).header("Accept", "application/json").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        return as.send(b);
    }

    private Date dueDate() {
        return engine.getManagementService().createJobQuery().jobId(timer.getId()).singleResult().getDuedate();
    }

    @Test
    void anAdministratorCannotTakeAJobsDueDateAwayAtEngineRest() {
        for (String path : new String[] {"/engine-rest/job/" + timer.getId() + "/duedate",
                "/engine-rest/engine/default/job/" + timer.getId() + "/duedate"}) {
            for (String body : new String[] {"{\"duedate\":null}", "{}", "{\"duedate\":null,\"cascade\":true}", "", "null"}) {
                Http.Response r = engineRest(admin, path, body);
                assertThat(r.status()).as(path + " " + body + " -> " + r).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.code()).as(r.toString()).isEqualTo("due-date-required");
                assertThat(dueDate()).as("after " + path + " " + body).isEqualTo(timer.getDuedate());
            }
        }
    }

    @Test
    void anAdministratorCannotTakeAJobsDueDateAwayInCockpit() {
        WebappSession cockpit = WebappSession.login(port, "cockpit", "admin", "admin");
        Http.Response r = cockpit.engine("PUT", "/job/" + timer.getId() + "/duedate", "{\"duedate\":null}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("due-date-required");
        // what Cockpit's notification shows of a failed request
        assertThat(r.json().path("message").asText()).contains("due date").contains("due-date-required");
        assertThat(dueDate()).isEqualTo(timer.getDuedate());

        Http.Response moved = cockpit.engine("PUT", "/job/" + timer.getId() + "/duedate", "{\"duedate\":\"2030-01-02T03:04:05.000+0000\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(204);
        assertThat(dueDate().toInstant()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));

        // a forged page's write (no XSRF token) is the XSRF check's to refuse, and says nothing of due dates
        Http.Response forged = cockpit.engineWithoutXsrf("PUT", "/job/" + timer.getId() + "/duedate", "{\"duedate\":null}");
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("due-date-required");
        assertThat(dueDate().toInstant()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
    }

    @Test
    void anAdministratorStillMovesADueDateAndTheEngineAnswersWhatItCannotRead() {
        Http.Response now = engineRest(admin, "/engine-rest/job/" + timer.getId() + "/duedate", "{\"duedate\":\"2020-01-01T00:00:00.000+0000\"}");
        assertThat(now.status()).as(now.toString()).isEqualTo(204);
        assertThat(dueDate().toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));

        Http.Response unreadable = engineRest(admin, "/engine-rest/job/" + timer.getId() + "/duedate", "{\"duedate\":");
        assertThat(unreadable.status()).as(unreadable.toString()).isEqualTo(400);
        assertThat(unreadable.body()).doesNotContain("due-date-required");
        assertThat(dueDate().toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void whoMayNotChangeJobsIsRefusedEitherWayAndTheJobKeepsItsDate() {
        for (String who : new String[] {"operator", "integrator", "auditor"}) {
            Http as = Http.at(port).as(who);
            // the body is refused before anyone's rights are asked: it could not be right for anyone
            Http.Response removing = engineRest(as, "/engine-rest/job/" + timer.getId() + "/duedate", "{\"duedate\":null}");
            assertThat(removing.status()).as(who + " -> " + removing).isEqualTo(400);
            assertThat(removing.code()).isEqualTo("due-date-required");
            // a due date that could be right is the engine's to refuse: no UPDATE on jobs for these roles
            Http.Response moving = engineRest(as, "/engine-rest/job/" + timer.getId() + "/duedate", "{\"duedate\":\"2020-01-01T00:00:00.000+0000\"}");
            assertThat(moving.status()).as(who + " -> " + moving).isEqualTo(403);
            assertThat(dueDate()).isEqualTo(timer.getDuedate());
        }
    }
}
