package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.Logs;
import io.grantflow.support.WebappSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Task deletion, conditional starts, migrations and job retries are an administrator's: anyone else is answered
 * {@code 403 forbidden} as a problem document at both engine doors, never a 500 with the engine's NullPointerException
 * in the body and a stack trace in the log, and nothing changes. A task is claimed, assigned or delegated by its
 * candidate for themself only, not in another user's name; an administrator still hands tasks to anyone.
 */
@GrantflowTest
class EngineDoorAnswersTest {

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;
    @Autowired
    TaskService tasks;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    private Http.Response engineRest(String user, String[] w) {
        return EngineDoorFixture.engineRest(http, user, w);
    }

    /**
     * Calls the engine answers for a user without the rights with a 500 (a task of a running process, no conditional
     * start waiting, a body without the field the REST layer reads) or with its own exception's words.
     */
    private static List<String[]> calls(EngineDoorFixture.Scene s) {
        List<String[]> w = new ArrayList<>();
        w.add(new String[] {"DELETE", "/task/" + s.taskId(), null});
        w.add(new String[] {"POST", "/condition", "{\"variables\":{\"seats\":{\"value\":1,\"type\":\"Integer\"}}}"});
        w.add(new String[] {"POST", "/condition", "{}"});
        w.add(new String[] {"POST", "/migration/execute", "{\"migrationPlan\":{\"sourceProcessDefinitionId\":\"x\",\"targetProcessDefinitionId\":\"y\","
                + "\"instructions\":[]},\"processInstanceIds\":[\"" + s.updatePi() + "\"]}"});
        w.add(new String[] {"POST", "/migration/execute", "{}"});
        w.add(new String[] {"POST", "/migration/executeAsync", "{}"});
        w.add(new String[] {"POST", "/migration/generate", "{}"});
        w.add(new String[] {"POST", "/migration/validate", "{}"});
        w.add(new String[] {"PUT", "/job/" + s.jobId() + "/retries", "{\"retries\":0}"});
        w.add(new String[] {"PUT", "/job/" + s.jobId() + "/retries", "{}"});
        w.add(new String[] {"POST", "/job/retries", "{\"retries\":0,\"jobIds\":[\"" + s.jobId() + "\"]}"});
        w.add(new String[] {"POST", "/job/retries", "{\"retries\":0}"});
        w.add(new String[] {"POST", "/job/retries", "{}"});
        return w;
    }

    private void assertAnsweredWith4xx(EngineDoorFixture.Scene s, String who, BiFunction<String, String[], Http.Response> send) {
        EngineDoorFixture.State before = doors.state(s, http.as("auditor"));
        List<String> wrong = new ArrayList<>();
        for (String[] w : calls(s)) {
            List<Http.Response> answer = new ArrayList<>();
            List<ILoggingEvent> logged = Logs.warningsDuring(() -> answer.add(send.apply(who, w)));
            Http.Response r = answer.get(0);
            String call = who + " " + w[0] + " " + w[1] + " " + w[2] + " -> " + r;
            if (r.status() != 403 || !r.contentType().startsWith("application/problem+json") || !"forbidden".equals(r.code())) {
                wrong.add("not a 403 forbidden problem: " + call);
            }
            if (r.body().contains("NullPointerException") || r.body().contains("Cannot invoke") || r.body().contains("\tat ")) {
                wrong.add("the engine's exception in the body: " + call);
            }
            // Camunda's REST layer writes the stack trace into the message of its ENGINE-REST-HTTP500 warning
            if (logged.stream().anyMatch(e -> e.getThrowableProxy() != null || e.getFormattedMessage().contains("\tat "))) {
                wrong.add("a stack trace in the log: " + call + " " + logged.get(0).getFormattedMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(doors.state(s, http.as("auditor"))).isEqualTo(before);
        assertThat(tasks.createTaskQuery().taskId(s.taskId()).count()).isEqualTo(1);
    }

    @Test
    void lowPrivilegedCallsTheEngineCannotCarryOutAreAnswered4xxOverEngineRest() {
        EngineDoorFixture.Scene s = doors.scene();
        for (String who : new String[] {"operator", "integrator", "auditor"}) {
            assertAnsweredWith4xx(s, who, this::engineRest);
        }
    }

    @Test
    void lowPrivilegedCallsTheEngineCannotCarryOutAreAnswered4xxThroughTheWebappsApi() {
        EngineDoorFixture.Scene s = doors.scene();
        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");
        assertAnsweredWith4xx(s, "operator (Tasklist)", (who, w) -> tasklist.engine(w[0], w[1], w[2]));
        WebappSession cockpit = WebappSession.login(port, "cockpit", "auditor", "auditor");
        assertAnsweredWith4xx(s, "auditor (Cockpit)", (who, w) -> cockpit.engine(w[0], w[1], w[2]));
    }

    @Test
    void anOperatorClaimsAssignsAndDelegatesATaskForThemselfOnlyAtBothDoors() {
        EngineDoorFixture.Scene s = doors.scene();
        WebappSession tasklist = WebappSession.login(port, "tasklist", "operator", "operator");
        List<BiFunction<String, String, Http.Response>> doorsOfOperator = List.of(
                (path, body) -> engineRest("operator", new String[] {"POST", path, body}),
                (path, body) -> tasklist.engine("POST", path, body));
        for (BiFunction<String, String, Http.Response> door : doorsOfOperator) {
            for (String step : List.of("claim", "assignee", "delegate")) {
                Http.Response r = door.apply("/task/" + s.taskId() + "/" + step, "{\"userId\":\"operator2\"}");
                assertThat(r.status()).as(step + " for operator2 -> " + r).isEqualTo(403);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().path("code").asText()).isEqualTo("forbidden");
                assertThat(assignee(s)).as("after " + step).isNull();
            }
            Http.Response own = door.apply("/task/" + s.taskId() + "/claim", "{\"userId\":\"operator\"}");
            assertThat(own.status()).as(own.toString()).isEqualTo(204);
            assertThat(assignee(s)).isEqualTo("operator");
            Http.Response away = door.apply("/task/" + s.taskId() + "/delegate", "{\"userId\":\"operator2\"}");
            assertThat(away.status()).as("an assignee delegating to another -> " + away).isEqualTo(403);
            assertThat(assignee(s)).isEqualTo("operator");
            // unclaiming is assigning (TASK_ASSIGN), not an operator's: the next door starts from an open task again
            tasks.setAssignee(s.taskId(), null);
        }
        // an administrator still hands a task to whoever should work it
        Http.Response byAdmin = engineRest("admin", new String[] {"POST", "/task/" + s.taskId() + "/claim", "{\"userId\":\"operator2\"}"});
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(204);
        assertThat(assignee(s)).isEqualTo("operator2");
    }

    private String assignee(EngineDoorFixture.Scene s) {
        Task t = tasks.createTaskQuery().taskId(s.taskId()).singleResult();
        return t.getAssignee();
    }
}
