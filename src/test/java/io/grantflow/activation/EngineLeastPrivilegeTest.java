package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Least privilege at the engine's own doors: operators, integrators and auditors cannot change a flow through
 * {@code /engine-rest} or the webapps' engine API (modification, jobs, suspension, messages, signals, variables,
 * due dates, assignee, delete), and every refusal leaves balances, ledger, update and process state as they were.
 * Operators still see, claim and complete their group's tasks with the form's variables.
 */
@GrantflowTest
class EngineLeastPrivilegeTest {

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    private Http.Response engineRest(String user, String[] w) {
        return EngineDoorFixture.engineRest(http, user, w);
    }

    @Test
    void operatorsIntegratorsAndAuditorsAreRefusedEveryEngineWriteOverEngineRest() {
        EngineDoorFixture.Scene s = doors.scene();
        for (String who : new String[] {"operator", "integrator", "auditor"}) {
            doors.assertEveryWriteRefused(s, http.as("auditor"), who, this::engineRest);
        }
    }

    @Test
    void operatorsAndAuditorsAreRefusedEveryEngineWriteThroughTheWebappsApi() {
        EngineDoorFixture.Scene s = doors.scene();
        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");
        assertSessionWorks(tasklist);
        doors.assertEveryWriteRefused(s, http.as("auditor"), "operator (Tasklist)", (who, w) -> tasklist.engine(w[0], w[1], w[2]));
        WebappSession cockpit = WebappSession.login(port, "cockpit", "operator", "operator");
        assertSessionWorks(cockpit);
        doors.assertEveryWriteRefused(s, http.as("auditor"), "operator (Cockpit)", (who, w) -> cockpit.engine(w[0], w[1], w[2]));
        WebappSession auditorCockpit = WebappSession.login(port, "cockpit", "auditor", "auditor");
        assertSessionWorks(auditorCockpit);
        doors.assertEveryWriteRefused(s, http.as("auditor"), "auditor (Cockpit)", (who, w) -> auditorCockpit.engine(w[0], w[1], w[2]));
    }

    /** The refusals above are the engine's or the door's, not the XSRF check's: the session's own POSTs pass it. */
    private static void assertSessionWorks(WebappSession session) {
        Http.Response count = session.engine("POST", "/process-instance/count", "{}");
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
    }

    @Test
    void operatorsStillSeeClaimCommentAndCompleteTheirTaskWithTheFormsVariablesInTasklist() {
        EngineDoorFixture.Scene s = doors.scene();
        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");

        Http.Response list = tasklist.engine("POST", "/task?firstResult=0&maxResults=15",
                "{\"processInstanceId\":\"" + s.updatePi() + "\"}");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("id")).contains(s.taskId());
        assertThat(tasklist.engine("GET", "/task/" + s.taskId() + "/form-variables", null).status()).isEqualTo(200);

        Http.Response claim = tasklist.engine("POST", "/task/" + s.taskId() + "/claim", "{\"userId\":\"operator\"}");
        assertThat(claim.status()).as(claim.toString()).isEqualTo(204);
        Http.Response comment = tasklist.engine("POST", "/task/" + s.taskId() + "/comment/create", "{\"message\":\"checked with the customer\"}");
        assertThat(comment.status()).as(comment.toString()).isEqualTo(200);
        Http.Response submit = tasklist.engine("POST", "/task/" + s.taskId() + "/submit-form",
                "{\"variables\":{\"newSeats\":{\"value\":12,\"type\":\"Long\"},\"newExpiresAt\":{\"value\":\"\",\"type\":\"String\"}}}");
        assertThat(submit.status()).as(submit.toString()).isEqualTo(204);

        doors.fx.runJobs(s.updatePi());
        ActivationUpdate u = doors.fx.updates.get(s.updateId());
        assertThat(u.configuredBy()).isEqualTo("operator");
        assertThat(u.requestedSeats()).isEqualTo(12);
    }
}
