package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** remote-activation-lifecycle: the warning, the expiry, and an update's reduction caught by the expiry. */
@GrantflowTest
@RecordApplicationEvents
class RemoteActivationLifecycleProcessTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ActivationFixture fx;
    @Autowired
    ApplicationEvents events;
    @LocalServerPort
    int port;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    ProcessInstance lifecycle(Act act) {
        return runtime.createProcessInstanceQuery().processInstanceId(fx.lifecycle(act.id())).singleResult();
    }

    @Test
    void expiryWarningThenExpiryReturnsEverySeat() {
        Instant expiresAt = fx.now().plus(Duration.ofDays(40));
        String lic = fx.license(30);
        Act act = fx.active(lic, 10, expiresAt);
        ProcessInstance pi = lifecycle(act);
        assertThat(pi).isWaitingAt("Gateway_BeforeWarning");

        ClockUtil.setCurrentTime(Date.from(expiresAt.minus(Duration.ofDays(30)).plusSeconds(1)));
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassed("Task_WarnExpiry").isWaitingAt("Gateway_AfterWarning");
        assertThat(fx.activations.get(act.id()).expiryWarningAt()).isNotNull();
        assertThat(Http.at(port).as("auditor").get("/api/v1/remote-activations/" + act.id()).json().path("expiryWarning").asBoolean())
                .isTrue();
        assertThat(events.stream(ActivationExpiryWarning.class)).anySatisfy(e -> {
            assertThat(e.activationId()).isEqualTo(act.id());
            assertThat(e.expiresAt()).isEqualTo(expiresAt);
        });
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.ACTIVE);

        ClockUtil.setCurrentTime(Date.from(expiresAt.plusSeconds(1)));
        fx.runJobs(pi.getId());

        assertThat(pi).hasPassedInOrder("Task_WarnExpiry", "Timer_ActivationExpired", "Task_ExpireActivation").isEnded();
        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.EXPIRED);
        License license = fx.licenses.get(lic);
        assertThat(license.allocated()).isZero();
        assertThat(license.available()).isEqualTo(30);
    }

    @Test
    void expiryReturnsSeatsStillInFlightAndEndsTheWaitingUpdate() {
        Instant expiresAt = fx.now().plus(Duration.ofDays(40));
        String lic = fx.license(30);
        Act act = fx.active(lic, 10, expiresAt);
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(update.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 4L));
        fx.runJobs(update.processInstanceId());
        fx.completeAs("operator2", fx.task(update.processInstanceId(), "UserTask_ConfirmReduction"), Map.of("approved", true));
        fx.runJobs(update.processInstanceId());
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(6);

        ClockUtil.setCurrentTime(Date.from(expiresAt.minus(Duration.ofDays(30)).plusSeconds(1)));
        fx.runLifecycleJobs(act.id());
        ClockUtil.setCurrentTime(Date.from(expiresAt.plusSeconds(1)));
        fx.runLifecycleJobs(act.id());

        assertThat(fx.activations.get(act.id()).state()).isEqualTo(ActivationState.EXPIRED);
        License license = fx.licenses.get(lic);
        assertThat(license.inFlight()).isZero();
        assertThat(license.allocated()).isZero();
        assertThat(license.available()).isEqualTo(30);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(update.processInstanceId()).count()).isZero();
        assertThat(fx.updates.get(update.updateId()).status()).isEqualTo(UpdateStatus.EXPIRED);
    }
}
