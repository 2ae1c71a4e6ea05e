package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.Http;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * An activation with an update waiting at "Configure printer seats" and its lifecycle waiting on timers: the
 * engine writes an attacker would try through the engine's doors, and the state they must leave unchanged.
 */
@Component
class EngineDoorFixture {

    /** One call at {@code /engine-rest} as {@code user}: {@code {method, path, JSON body or null}}. */
    static Http.Response engineRest(Http http, String user, String[] call) {
        HttpRequest.Builder b = http.as(user).builder("/engine-rest" + call[1]).header("Accept", "application/json");
        if (call[2] == null) {
            b.method(call[0], HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(call[0], HttpRequest.BodyPublishers.ofString(call[2]));
        }
        return http.send(b);
    }

    final ActivationFixture fx;
    final RuntimeService runtime;
    final ManagementService management;

    EngineDoorFixture(ActivationFixture fx, RuntimeService runtime, ManagementService management) {
        this.fx = fx;
        this.runtime = runtime;
        this.management = management;
    }

    /** The flows under attack. */
    record Scene(Act act, String updateId, String updatePi, String taskId, String lifecyclePi, String jobId, String jobDefinitionId,
            String lifecycleExecutionId) {
    }

    /** Everything a refused engine write must leave as it was. */
    record State(ActivationFixture.Snapshot snapshot, ActivationUpdate update, List<String> updateActivities, List<String> lifecycleActivities,
            String job, String license, String ledger, boolean definitionSuspended, long variables) {
    }

    Scene scene() {
        Act act = fx.active(fx.license(20), 10);
        ActivationUpdates.Started started = fx.startUpdate(act);
        fx.runJobs(started.processInstanceId());
        String taskId = fx.task(started.processInstanceId(), ActivationProcesses.Update.CONFIGURE_SEATS).getId();
        String lifecyclePi = fx.lifecycle(act.id());
        Job job = management.createJobQuery().processInstanceId(lifecyclePi).timers().list().get(0);
        String execution = runtime.createExecutionQuery().processInstanceId(lifecyclePi).messageEventSubscriptionName("ActivationExpiryChanged")
                .list().get(0).getId();
        return new Scene(act, started.updateId(), started.processInstanceId(), taskId, lifecyclePi, job.getId(), job.getJobDefinitionId(),
                execution);
    }

    State state(Scene s, Http auditor) {
        Job job = management.createJobQuery().jobId(s.jobId()).singleResult();
        return new State(fx.snapshot(s.act()), fx.updates.get(s.updateId()), runtime.getActiveActivityIds(s.updatePi()),
                runtime.getActiveActivityIds(s.lifecyclePi()),
                job == null ? "gone" : job.getRetries() + "|" + job.getDuedate() + "|" + job.isSuspended(),
                auditor.get("/api/v1/licenses/" + s.act().licenseId()).body(),
                auditor.get("/api/v1/audit/ledger?pool=" + s.act().licenseId()).body(),
                fx.jdbc.queryForObject("SELECT COUNT(*) FROM act_re_procdef WHERE suspension_state_ = 2", Long.class) > 0,
                runtime.createVariableInstanceQuery().processInstanceIdIn(s.updatePi(), s.lifecyclePi()).count());
    }

    /** The engine writes none but an administrator may make: method, path, JSON body. */
    static List<String[]> writes(Scene s) {
        List<String[]> w = new ArrayList<>();
        w.add(new String[] {"POST", "/process-instance/" + s.updatePi() + "/modification",
                "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"UserTask_ConfigureSeats\"}]}"});
        w.add(new String[] {"POST", "/job/" + s.jobId() + "/execute", null});
        w.add(new String[] {"PUT", "/job/" + s.jobId() + "/retries", "{\"retries\":0}"});
        w.add(new String[] {"PUT", "/job/" + s.jobId() + "/suspended", "{\"suspended\":true}"});
        w.add(new String[] {"PUT", "/job/" + s.jobId() + "/duedate", "{\"duedate\":\"2020-01-01T00:00:00.000+0000\"}"});
        w.add(new String[] {"PUT", "/job-definition/" + s.jobDefinitionId() + "/suspended", "{\"suspended\":true,\"includeJobs\":true}"});
        w.add(new String[] {"PUT", "/process-instance/" + s.updatePi() + "/suspended", "{\"suspended\":true}"});
        w.add(new String[] {"PUT", "/process-definition/key/" + ActivationProcesses.Lifecycle.KEY + "/suspended",
                "{\"suspended\":true,\"includeProcessInstances\":true}"});
        w.add(new String[] {"POST", "/message", "{\"messageName\":\"ActivationExpiryChanged\",\"processInstanceId\":\"" + s.lifecyclePi() + "\"}"});
        w.add(new String[] {"POST", "/message", "{\"messageName\":\"ConnectionTokenApplied\",\"businessKey\":\"" + s.act().id() + "\"}"});
        w.add(new String[] {"POST", "/signal", "{\"name\":\"ActivationExpiryChanged\"}"});
        w.add(new String[] {"POST", "/execution/" + s.lifecycleExecutionId() + "/messageSubscriptions/ActivationExpiryChanged/trigger", "{}"});
        w.add(new String[] {"PUT", "/process-instance/" + s.updatePi() + "/variables/newSeats", "{\"value\":50,\"type\":\"Long\"}"});
        w.add(new String[] {"POST", "/process-instance/" + s.updatePi() + "/variables",
                "{\"modifications\":{\"newSeats\":{\"value\":50,\"type\":\"Long\"}}}"});
        w.add(new String[] {"PUT", "/task/" + s.taskId() + "/variables/newSeats", "{\"value\":50,\"type\":\"Long\"}"});
        w.add(new String[] {"POST", "/task/" + s.taskId() + "/localVariables", "{\"modifications\":{\"newSeats\":{\"value\":50,\"type\":\"Long\"}}}"});
        w.add(new String[] {"PUT", "/task/" + s.taskId(), "{\"name\":\"Configure printer seats\",\"due\":\"2030-01-01T00:00:00.000+0000\"}"});
        w.add(new String[] {"POST", "/task/" + s.taskId() + "/assignee", "{\"userId\":\"operator2\"}"});
        w.add(new String[] {"POST", "/task/" + s.taskId() + "/identity-links", "{\"userId\":\"operator2\",\"type\":\"candidate\"}"});
        w.add(new String[] {"POST", "/task/" + s.taskId() + "/bpmnError", "{\"errorCode\":\"any\"}"});
        w.add(new String[] {"POST", "/task/" + s.taskId() + "/bpmnEscalation", "{\"escalationCode\":\"any\"}"});
        w.add(new String[] {"PUT", "/job-definition/" + s.jobDefinitionId() + "/retries", "{\"retries\":0}"});
        w.add(new String[] {"POST", "/process-definition/key/" + ActivationProcesses.Lifecycle.KEY + "/start", "{\"businessKey\":\"" + s.act().id() + "\"}"});
        w.add(new String[] {"DELETE", "/process-instance/" + s.updatePi(), null});
        return w;
    }

    /** Sends every write through one door as one user: each refused with a 4xx, and nothing changed. */
    void assertEveryWriteRefused(Scene s, Http auditor, String who, BiFunction<String, String[], Http.Response> send) {
        State before = state(s, auditor);
        for (String[] w : writes(s)) {
            Http.Response r = send.apply(who, w);
            assertThat(r.status()).as(who + " " + w[0] + " " + w[1] + " -> " + r).isBetween(400, 499);
            assertThat(state(s, auditor)).as("after " + who + " " + w[0] + " " + w[1]).isEqualTo(before);
        }
    }
}
