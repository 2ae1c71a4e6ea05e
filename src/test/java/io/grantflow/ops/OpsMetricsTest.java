package io.grantflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** /actuator/prometheus after a credit flow: the flows, tokens and credits show it; only operators and admins may read it. */
@GrantflowTest
class OpsMetricsTest {

    @LocalServerPort
    int port;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    GrantflowMetrics metrics;
    @Autowired
    ProcessEngine engine;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;

    Prometheus scrape() {
        metrics.refresh(); // what the scheduled refresh does every 30 s
        Http.Response r = Http.at(port).as("operator").get("/actuator/prometheus");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Prometheus(r.body());
    }

    String subscription(long credits) {
        String id = "SUB-" + UUID.randomUUID();
        Instant now = ClockUtil.getCurrentTime().toInstant();
        tx.executeWithoutResult(s -> subscriptions.create(id, "ACME", "ANNUAL", SubscriptionState.ACTIVE, credits,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(300)), "test"));
        return id;
    }

    @Test
    void scrapeAfterACreditFlowShowsFlowsTokensAndCreditsMoved() {
        String sub = subscription(100);
        Http operator = Http.at(port).as("operator");
        Prometheus before = scrape();

        EdgeKeyPair key = EdgeKeyPair.create("SYS-KEY-" + UUID.randomUUID());
        String system = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "metrics test",
                "systemKey", key.publicJwk())).json().path("systemId").asText();
        String kept = operator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", 5)).json().path("assignmentId").asText();
        String returned = operator.postJson("/api/v1/systems/" + system + "/credit-assignments",
                Map.of("subscriptionId", sub, "credits", 10)).json().path("assignmentId").asText();
        assertThat(operator.post("/api/v1/credit-assignments/" + kept + "/download", "application/json", "").status()).isEqualTo(200);
        assertThat(operator.postJson("/api/v1/credit-assignments/" + returned + "/revocations", Map.of()).json()
                .path("status").asText()).isEqualTo("RETURNED");
        Http.Response refused = operator.post("/api/v1/remote-activations/updates", "application/jwt", "not-a-token");
        assertThat(refused.code()).isEqualTo("token-malformed");

        Prometheus after = scrape();

        assertThat(after.value("grantflow_flows_started_total", Map.of("process", "credit-assignment")))
                .isEqualTo(before.value("grantflow_flows_started_total", Map.of("process", "credit-assignment")) + 2);
        assertThat(after.value("grantflow_flows_started_total", Map.of("process", "credit-revoke")))
                .isEqualTo(before.value("grantflow_flows_started_total", Map.of("process", "credit-revoke")) + 1);
        assertThat(after.value("grantflow_flows_completed_total", Map.of("process", "credit-revoke")))
                .isEqualTo(before.value("grantflow_flows_completed_total", Map.of("process", "credit-revoke")) + 1);
        assertThat(after.value("grantflow_flows_completed_total", Map.of("process", "credit-assignment")))
                .isEqualTo(before.value("grantflow_flows_completed_total", Map.of("process", "credit-assignment")) + 1);
        assertThat(after.value("grantflow_tokens_issued_total", Map.of("typ", "credits+jwt")))
                .isEqualTo(before.value("grantflow_tokens_issued_total", Map.of("typ", "credits+jwt")) + 1);
        assertThat(after.value("grantflow_tokens_refused_total", Map.of("typ", "update+jwt", "code", "token-malformed")))
                .isEqualTo(before.value("grantflow_tokens_refused_total", Map.of("typ", "update+jwt", "code", "token-malformed")) + 1);

        assertThat(before.value("grantflow_subscription_credits_available", Map.of("subscription", sub))).isEqualTo(100);
        assertThat(after.value("grantflow_subscription_credits_assigned", Map.of("subscription", sub))).isEqualTo(5);
        assertThat(after.value("grantflow_subscription_credits_available", Map.of("subscription", sub))).isEqualTo(95);
        assertThat(after.value("grantflow_subscription_credits_in_flight", Map.of("subscription", sub))).isZero();
        assertThat(after.value("grantflow_flows_waiting", Map.of("process", "credit-assignment")))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("grantflow_license_seats_available", Map.of("license", "LIC-DEMO"))).isPositive();
        assertThat(after.has("grantflow_license_seats_allocated")).isTrue();
        assertThat(after.has("grantflow_license_seats_in_flight")).isTrue();
        assertThat(after.has("grantflow_incidents_open")).isTrue();
        assertThat(after.has("grantflow_jobs_due")).isTrue();
        assertThat(after.has("grantflow_jobs_failed")).isTrue();
    }

    @Test
    void aTokenAFlowRefusesAfterVerificationIsCountedWithItsCode() {
        EdgeKeyPair installation = EdgeKeyPair.create("IN-METRICS-" + UUID.randomUUID());
        Http.Response added = Http.at(port).as("operator").postJson("/api/v1/licenses/LIC-DEMO/remote-activations", Map.of(
                "installationId", installation.id(), "installationKey", installation.publicJwk(), "seats", 1,
                "expiresAt", ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(100)).truncatedTo(ChronoUnit.SECONDS).toString()));
        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        Map<String, String> unknownSubject = Map.of("typ", "receipt+jwt", "code", "token-unknown-subject");
        Prometheus before = scrape();

        // well signed by a registered installation, about an activation that does not exist
        Http.Response refused = Http.at(port).anonymous().post("/api/v1/remote-activations/RA-NONE/receipts", "application/jwt",
                installation.token("receipt+jwt", "RA-NONE").claim("connection_jti", "x").sign());

        assertThat(refused.code()).as(refused.toString()).isEqualTo("token-unknown-subject");
        assertThat(scrape().value("grantflow_tokens_refused_total", unknownSubject))
                .isEqualTo(before.value("grantflow_tokens_refused_total", unknownSubject) + 1);
    }

    @Test
    void aRefusedStartIsNotCountedAsAFlowStarted() {
        String sub = subscription(3);
        Http operator = Http.at(port).as("operator");
        EdgeKeyPair key = EdgeKeyPair.create("SYS-KEY-" + UUID.randomUUID());
        String system = operator.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "metrics test",
                "systemKey", key.publicJwk())).json().path("systemId").asText();
        Prometheus before = scrape();

        Http.Response r = operator.postJson("/api/v1/systems/" + system + "/credit-assignments", Map.of("subscriptionId", sub, "credits", 4));

        assertThat(r.code()).isEqualTo("insufficient-credits");
        Prometheus after = scrape();
        assertThat(after.value("grantflow_flows_started_total", Map.of("process", "credit-assignment")))
                .isEqualTo(before.value("grantflow_flows_started_total", Map.of("process", "credit-assignment")));
        assertThat(after.value("grantflow_subscription_credits_available", Map.of("subscription", sub))).isEqualTo(3);
    }

    @Test
    void jobGaugesCountDueAndFailedJobsThroughBoundedQueriesOnH2() {
        JobGaugesContract.run(engine, metrics, meters, jdbc, tx, false);
    }

    @Test
    void onlyOperatorsAndAdminsReadMetrics() {
        Http http = Http.at(port);
        assertThat(http.as("admin").get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(http.as("auditor").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(http.as("integrator").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(http.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
