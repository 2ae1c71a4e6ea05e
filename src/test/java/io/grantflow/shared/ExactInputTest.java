package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seats and credits are exact JSON integers: a fraction, a number in quotes, a boolean or a number beyond a long is
 * refused with {@code 400 invalid-request} naming the field, and nothing is started (never 1.5 read as 1).
 */
@GrantflowTest
class ExactInputTest {

    /** Written into the JSON as they stand: every one of them is not an exact integer. */
    static final List<String> NOT_INTEGERS = List.of("1.5", "1.0", "1e2", "2E0", "\"5\"", "true", "false",
            "99999999999999999999", "-99999999999999999999", "1.5e400");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    record Counts(long activations, long assignments, long updates, long ledgerRows, long processes, long idempotency) {
    }

    Counts counts() {
        return new Counts(count("gf_remote_activation"), count("gf_credit_assignment"), count("gf_activation_update"),
                count("gf_ledger_entry"), count("ACT_HI_PROCINST"), count("gf_idempotency"));
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void seatsWhenNotAnExactIntegerThenInvalidRequestNamingTheFieldAndNothingStarted() {
        Http integrator = Http.at(port).as("integrator");
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        String expires = Instant.now().plus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Counts before = counts();
        for (String seats : NOT_INTEGERS) {
            String body = "{\"installationId\":\"" + key.id() + "\",\"installationKey\":" + HttpJson.of(key.publicJwk())
                    + ",\"seats\":" + seats + ",\"expiresAt\":\"" + expires + "\"}";
            Http.Response r = integrator.postJson("/api/v1/licenses/LIC-DEMO/remote-activations", body, "exact-" + UUID.randomUUID());
            assertThat(r.status()).as(seats + ": " + r).isEqualTo(400);
            assertThat(r.code()).as(seats).isEqualTo("invalid-request");
            assertThat(r.json().path("detail").asText()).as(seats).contains("seats");
        }
        // the same on an update's seat configuration: refused as a body before any update is looked up
        for (String seats : NOT_INTEGERS) {
            Http.Response r = Http.at(port).as("operator").postJson(
                    "/api/v1/remote-activations/updates/UPD-" + UUID.randomUUID() + "/seat-configuration", "{\"seats\":" + seats + "}");
            assertThat(r.status()).as(seats + ": " + r).isEqualTo(400);
            assertThat(r.code()).as(seats).isEqualTo("invalid-request");
            assertThat(r.json().path("detail").asText()).as(seats).contains("seats");
        }
        Http.Response missing = integrator.postJson("/api/v1/licenses/LIC-DEMO/remote-activations",
                "{\"installationId\":\"" + key.id() + "\",\"installationKey\":" + HttpJson.of(key.publicJwk())
                        + ",\"seats\":null,\"expiresAt\":\"" + expires + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("invalid-request");
        assertThat(missing.json().path("detail").asText()).contains("seats");
        assertThat(counts()).isEqualTo(before);

        // an exact integer still starts
        Http.Response ok = integrator.postJson("/api/v1/licenses/LIC-DEMO/remote-activations",
                "{\"installationId\":\"" + key.id() + "\",\"installationKey\":" + HttpJson.of(key.publicJwk())
                        + ",\"seats\":2,\"expiresAt\":\"" + expires + "\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(202);
    }

    @Test
    void creditsWhenNotAnExactIntegerThenInvalidRequestNamingTheFieldAndNothingStarted() {
        Http operator = Http.at(port).as("operator");
        Http.Response linked = operator.postJson("/api/v1/systems", "{\"accountId\":\"ACME\",\"label\":\"exact\",\"systemKey\":"
                + HttpJson.of(EdgeKeyPair.create("SYS").publicJwk()) + "}");
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        String path = "/api/v1/systems/" + linked.json().path("systemId").asText() + "/credit-assignments";
        Counts before = counts();
        for (String credits : NOT_INTEGERS) {
            Http.Response r = operator.postJson(path, "{\"subscriptionId\":\"SUB-ANNUAL\",\"credits\":" + credits + "}",
                    "exact-" + UUID.randomUUID());
            assertThat(r.status()).as(credits + ": " + r).isEqualTo(400);
            assertThat(r.code()).as(credits).isEqualTo("invalid-request");
            assertThat(r.json().path("detail").asText()).as(credits).contains("credits");
        }
        assertThat(counts()).isEqualTo(before);
    }

    /** JSON text of a map, for bodies written by hand around it. */
    static final class HttpJson {
        static String of(Object value) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
