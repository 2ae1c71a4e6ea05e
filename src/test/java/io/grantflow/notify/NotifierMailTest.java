package io.grantflow.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.grantflow.activation.ConnectionTokenNotApplied;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.RevokeKeyOverdueCheck;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each notification arrives at an in-process SMTP server (GreenMail on 127.0.0.1:3025, as application-test.yaml sets
 * spring.mail) with its subject, the activation or assignment, and the link to the Tasklist task or Cockpit. Mail goes
 * out after the step committed, on a thread of its own: a test waits until the events about its activation or
 * assignment have all been acted on (their publications in event_publication are complete).
 */
@GrantflowTest
class NotifierMailTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @LocalServerPort
    int port;
    @Autowired
    Licenses licenses;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    RevokeKeyOverdueCheck revokeKeyCheck;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IncompleteEventPublications incompletePublications;
    @Autowired
    MeterRegistry meters;
    @Autowired
    UnsentNotices unsentNotices;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    Instant now() {
        return ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    void moveClock(Duration by) {
        ClockUtil.setCurrentTime(Date.from(now().plus(by)));
    }

    record Added(String activationId, String processInstanceId) {
    }

    Added addActivation(Instant expiresAt) {
        String license = "LIC-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(license, "ACME", 20, now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        Http.Response r = Http.at(port).as("operator").postJson("/api/v1/licenses/" + license + "/remote-activations",
                Map.of("installationId", key.id(), "installationKey", key.publicJwk(), "seats", 2, "expiresAt", expiresAt.toString()));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return new Added(r.json().path("activationId").asText(), r.json().path("processInstanceId").asText());
    }

    void runDueJobs(String processInstanceId) {
        for (int i = 0; i < 20; i++) {
            List<Job> due = management.createJobQuery().processInstanceId(processInstanceId).executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> management.executeJob(j.getId()));
        }
    }

    String lifecycleOf(String activationId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(activationId)
                .processDefinitionKey("remote-activation-lifecycle").singleResult().getId();
    }

    /** The mails about one thing (other tests' flows share the engine), as recipients and text, once all are sent. */
    List<Mail> mailsAbout(String id) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> unsentAbout(id) == 0);
        return Arrays.stream(smtp.getReceivedMessages()).map(Mail::of).filter(m -> m.subject().contains(id)).toList();
    }

    /** Events naming this id whose notification has not been sent (or found needless) yet. */
    long unsentAbout(String id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?",
                Long.class, "%\"" + id + "\"%");
    }

    double failedSends() {
        return meters.find("grantflow.notifications.failed").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    record Mail(String subject, List<String> to, String from, String body) {
        static Mail of(MimeMessage m) {
            try {
                Address[] to = m.getRecipients(MimeMessage.RecipientType.TO);
                return new Mail(m.getSubject(), Arrays.stream(to).map(Address::toString).toList(), m.getFrom()[0].toString(),
                        GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "="));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void connectionTokenNotAppliedThenTheAccountGetsAMailWithTheFollowUpTask() {
        Added added = addActivation(now().plus(Duration.ofDays(90)));

        moveClock(Duration.ofDays(14).plusSeconds(1));
        runDueJobs(added.processInstanceId());

        Task followUp = tasks.createTaskQuery().processInstanceId(added.processInstanceId())
                .taskDefinitionKey("UserTask_FollowUpNotApplied").singleResult();
        assertThat(followUp).isNotNull();
        List<Mail> mails = mailsAbout(added.activationId());
        assertThat(mails).isNotEmpty().allSatisfy(m -> {
            assertThat(m.subject()).isEqualTo("[Grantflow] Connection token not applied: activation " + added.activationId());
            assertThat(m.from()).isEqualTo("grantflow@test.local");
            assertThat(m.body()).contains("Activation: " + added.activationId(), "Account: ACME",
                    "http://localhost:8080/camunda/app/tasklist/default/#/?task=" + followUp.getId());
        });
        // one message to the account's two addresses; GreenMail keeps a copy in each mailbox
        assertThat(mails).hasSize(2).allSatisfy(m -> assertThat(m.to()).containsExactlyInAnyOrder("licensing@acme.test", "ops@acme.test"));
    }

    @Test
    void expiryWarningThirtyDaysAheadThenTheAccountGetsAMail() {
        Instant expiresAt = now().plus(Duration.ofDays(40));
        Added added = addActivation(expiresAt);
        String lifecycle = lifecycleOf(added.activationId());

        moveClock(Duration.ofDays(10).plusSeconds(1));
        runDueJobs(lifecycle);

        List<Mail> mails = mailsAbout(added.activationId());
        assertThat(mails).isNotEmpty().allSatisfy(m -> {
            assertThat(m.subject()).startsWith("[Grantflow] Activation " + added.activationId() + " expires on "
                    + expiresAt.toString().substring(0, 10));
            assertThat(m.body()).contains("Activation: " + added.activationId(), "Account: ACME",
                    "http://localhost:8080/api/v1/remote-activations/" + added.activationId());
        });
        // one message to the account's two addresses; GreenMail keeps a copy in each mailbox
        assertThat(mails).hasSize(2).allSatisfy(m -> assertThat(m.to()).containsExactlyInAnyOrder("licensing@acme.test", "ops@acme.test"));
    }

    @Test
    void revokeKeyAwaitedLongerThanThreeDaysThenOneMailWithTheEnterRevokeKeyTask() {
        String sub = "SUB-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> subscriptions.create(sub, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 50,
                now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(300)), "test"));
        Http operator = Http.at(port).as("operator");
        EdgeKeyPair key = EdgeKeyPair.create("SYS-KEY-" + UUID.randomUUID());
        String system = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "notify test",
                "systemKey", key.publicJwk())).json().path("systemId").asText();
        String assignment = operator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", 7)).json().path("assignmentId").asText();
        assertThat(operator.post("/api/v1/credit-assignments/" + assignment + "/download", "application/json", "").status()).isEqualTo(200);
        Http.Response revoke = operator.postJson("/api/v1/credit-assignments/" + assignment + "/revocations", Map.of());
        assertThat(revoke.json().path("status").asText()).isEqualTo("AWAITING_REVOKE_KEY");
        Task enterKey = tasks.createTaskQuery().processInstanceId(revoke.json().path("processInstanceId").asText())
                .taskDefinitionKey("UserTask_EnterRevokeKey").singleResult();

        revokeKeyCheck.publishOverdue();
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(Mail::of).filter(m -> m.subject().contains(assignment))).isEmpty();

        moveClock(Duration.ofDays(3).plusMinutes(1));
        revokeKeyCheck.publishOverdue();
        revokeKeyCheck.publishOverdue(); // found again: told once

        List<Mail> mails = mailsAbout(assignment);
        assertThat(mails).allSatisfy(m -> {
            assertThat(m.subject()).isEqualTo("[Grantflow] Revoke key overdue: assignment " + assignment + " (7 credits)");
            assertThat(m.body()).contains("Assignment: " + assignment, "Account: ACME", "Enter revoke key",
                    "http://localhost:8080/camunda/app/tasklist/default/#/?task=" + enterKey.getId());
        });
        // one message to the account's two addresses; GreenMail keeps a copy in each mailbox
        assertThat(mails).hasSize(2).allSatisfy(m -> assertThat(m.to()).containsExactlyInAnyOrder("licensing@acme.test", "ops@acme.test"));
    }

    @Test
    void incidentOpenedThenMailWithTheCockpitLink() {
        Added added = addActivation(now().plus(Duration.ofDays(90)));
        String lifecycle = lifecycleOf(added.activationId());
        Job timer = management.createJobQuery().processInstanceId(lifecycle).singleResult();

        management.setJobRetries(timer.getId(), 0); // as when a step failed three times

        List<Mail> mails = mailsAbout(lifecycle);
        assertThat(mails).isEmpty(); // the subject names the flow and step; the body the instance
        List<Mail> incident = Arrays.stream(smtp.getReceivedMessages()).map(Mail::of)
                .filter(m -> m.body().contains("Process instance: " + lifecycle)).toList();
        assertThat(incident).hasSize(1).first().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("[Grantflow] Incident in remote-activation-lifecycle at Timer_ExpiryWarning");
            assertThat(m.to()).containsExactly("desk@grantflow.test");
            assertThat(m.body()).contains("http://localhost:8080/camunda/app/cockpit/default/#/process-instance/" + lifecycle + "/runtime");
        });
        management.setJobRetries(timer.getId(), 1);
    }

    @Test
    void mailServerDownThenTheFlowGoesOnAndTheFailureIsOnlyLogged() {
        smtp.stop();
        Added added = addActivation(now().plus(Duration.ofDays(90)));

        moveClock(Duration.ofDays(14).plusSeconds(1));
        runDueJobs(added.processInstanceId());

        assertThat(tasks.createTaskQuery().processInstanceId(added.processInstanceId())
                .taskDefinitionKey("UserTask_FollowUpNotApplied").count()).isEqualTo(1);
        assertThat(management.createJobQuery().processInstanceId(added.processInstanceId()).withException().count()).isZero();
    }

    @Test
    void mailServerDownThenTheNoticeStaysUnsentAndGoesOutWhenResubmitted() {
        smtp.stop();
        Added added = addActivation(now().plus(Duration.ofDays(90)));
        double failedBefore = failedSends();

        moveClock(Duration.ofDays(14).plusSeconds(1));
        runDueJobs(added.processInstanceId());

        // the send was tried and failed: the event stays in the registry, incomplete
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> failedSends() > failedBefore);
        assertThat(unsentAbout(added.activationId())).isEqualTo(1);
        Task followUp = tasks.createTaskQuery().processInstanceId(added.processInstanceId())
                .taskDefinitionKey("UserTask_FollowUpNotApplied").singleResult();

        smtp.start();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        incompletePublications.resubmitIncompletePublications(p -> p.getEvent() instanceof ConnectionTokenNotApplied e
                && e.activationId().equals(added.activationId()));

        List<Mail> mails = mailsAbout(added.activationId());
        assertThat(mails).hasSize(2).allSatisfy(m -> {
            assertThat(m.subject()).isEqualTo("[Grantflow] Connection token not applied: activation " + added.activationId());
            assertThat(m.body()).contains("http://localhost:8080/camunda/app/tasklist/default/#/?task=" + followUp.getId());
        });
        assertThat(unsentAbout(added.activationId())).isZero();
    }

    @Test
    void mailServerDownThenTheNoticeGoesOutAtTheNextResubmissionOnceItIsOldEnough() {
        smtp.stop();
        Added added = addActivation(now().plus(Duration.ofDays(90)));
        double failedBefore = failedSends();
        moveClock(Duration.ofDays(14).plusSeconds(1));
        runDueJobs(added.processInstanceId());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> failedSends() > failedBefore);
        smtp.start();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            unsentNotices.resubmit(); // as the schedule does; skipped while earlier sends are still being worked off
            return failedSends() > failedBefore && unsentAbout(added.activationId()) == 1;
        });
        assertThat(smtp.getReceivedMessages()).as("not yet resubmitted: younger than the interval").isEmpty();

        moveClock(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            unsentNotices.resubmit(); // skipped while other sends are still being worked off: asked again until it ran
            return unsentAbout(added.activationId()) == 0;
        });
        assertThat(mailsAbout(added.activationId())).hasSize(2)
                .allSatisfy(m -> assertThat(m.subject()).isEqualTo("[Grantflow] Connection token not applied: activation " + added.activationId()));
    }
}
