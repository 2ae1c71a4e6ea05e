package io.grantflow.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.grantflow.credits.RevokeKeyOverdue;
import io.grantflow.credits.RevokeKeyOverdueCheck;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import io.grantflow.support.PostgresTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications on PostgreSQL: the event publication registry's table (V6) takes and completes the events, a
 * notice found again is claimed once (a refused claim must not spoil its transaction), and a notice whose mail
 * server was down goes out when resubmitted.
 */
class NotifierPostgresTest extends PostgresTestBase {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @LocalServerPort
    int port;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    RevokeKeyOverdueCheck revokeKeyCheck;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IncompleteEventPublications incompletePublications;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void revokeKeyOverdueFoundTwiceThenOneMailAndWithTheMailServerDownSentWhenResubmitted() {
        String assignment = awaitingRevokeKey();
        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(3).plusMinutes(1))));

        smtp.stop();
        double failedBefore = failedSends();
        revokeKeyCheck.publishOverdue();
        // the send was tried and failed: the event stays in the registry, incomplete
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> failedSends() > failedBefore);
        assertThat(unsentAbout(assignment)).isEqualTo(1);

        smtp.start();
        incompletePublications.resubmitIncompletePublications(p -> p.getEvent() instanceof RevokeKeyOverdue e
                && e.assignmentId().equals(assignment));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> unsentAbout(assignment) == 0);
        assertThat(mailsAbout(assignment)).hasSize(2); // one message to the account's two addresses

        // found again: the claim is refused, the publication completes all the same, no second mail
        double failedAfterResubmit = failedSends();
        revokeKeyCheck.publishOverdue();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> unsentAbout(assignment) == 0);
        assertThat(failedSends()).isEqualTo(failedAfterResubmit);
        assertThat(mailsAbout(assignment)).hasSize(2)
                .allSatisfy(subject -> assertThat(subject).isEqualTo("[Grantflow] Revoke key overdue: assignment " + assignment + " (7 credits)"));
    }

    private java.util.List<String> mailsAbout(String id) {
        return Arrays.stream(smtp.getReceivedMessages()).map(NotifierPostgresTest::subject).filter(s -> s.contains(id)).toList();
    }

    private double failedSends() {
        return meters.find("grantflow.notifications.failed").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private String awaitingRevokeKey() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String sub = "SUB-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> subscriptions.create(sub, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 50,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(300)), "test"));
        Http operator = Http.at(port).as("operator");
        EdgeKeyPair key = EdgeKeyPair.create("SYS-KEY-" + UUID.randomUUID());
        String system = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "notify test",
                "systemKey", key.publicJwk())).json().path("systemId").asText();
        String assignment = operator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", 7)).json().path("assignmentId").asText();
        assertThat(operator.post("/api/v1/credit-assignments/" + assignment + "/download", "application/json", "").status()).isEqualTo(200);
        assertThat(operator.postJson("/api/v1/credit-assignments/" + assignment + "/revocations", Map.of()).json().path("status").asText())
                .isEqualTo("AWAITING_REVOKE_KEY");
        return assignment;
    }

    private long unsentAbout(String id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE ?",
                Long.class, "%\"" + id + "\"%");
    }

    private static String subject(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
