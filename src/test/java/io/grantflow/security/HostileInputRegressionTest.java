package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The inputs the hostile-input generator found answered with a 500 (or no problem document), one test each. */
@GrantflowTest
class HostileInputRegressionTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void wildcardContentTypeWhenPostedThen415ProblemNot500() {
        Http.Response r = Http.at(port).as("operator").post("/api/v1/systems", "*/*", "{\"accountId\":\"ACME\"}");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.code()).isEqualTo("unsupported-media-type");
        Http.Response half = Http.at(port).as("operator").post("/api/v1/systems", "application/*", "{}");
        assertThat(half.status()).isEqualTo(415);
    }

    @Test
    void ledgerQueryWhenTimeBeyondDatabaseRangeThen400NotInternalError() {
        for (String query : List.of("to=-1000000000-01-01T00:00:00Z", "from=%2B999999999-12-31T23:59:59Z")) {
            Http.Response r = Http.at(port).as("auditor").get("/api/v1/audit/ledger?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.code()).isEqualTo("invalid-request");
        }
    }

    @Test
    void duplicateJsonKeysWhenPostedThenRefusedNotLastOneWins() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM gf_system", Long.class);
        Http.Response r = Http.at(port).as("operator").postJson("/api/v1/systems",
                "{\"accountId\":\"NOPE\",\"accountId\":\"ACME\",\"label\":\"x\",\"systemKey\":{}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("malformed-body");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gf_system", Long.class)).isEqualTo(before);
    }

    @Test
    void pathRejectedByTheFirewallWhenRequestedThenProblemDocument() {
        // a path parameter is refused by Spring Security's firewall before any controller; the answer is still a problem
        Http.Response r = Http.at(port).as("auditor").get("/api/v1/licenses/LIC-DEMO;x=1");
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.code()).isNotBlank();
    }

    @Test
    void bodyAboveCapWhenPostedThen413ProblemAndNothingRead() {
        Http.Response r = Http.at(port).as("operator").postJson("/api/v1/systems",
                Map.of("accountId", "ACME", "label", "x".repeat(70_000), "systemKey", Map.of()));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("payload-too-large");
    }

    @Test
    void bearerOfNineKilobytesWhenCallingInThenTokenTooLargeProblem() {
        Http.Response r = Http.at(port).bearer("x".repeat(9000)).postJson("/api/v1/edge/call-in", Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("token-too-large");
    }

    @Test
    void headersAboveTheContainersCapThenProblemNotTomcatsPage() {
        Http http = Http.at(port).as("operator");
        Http.Response r = http.send(http.builder("/api/v1/systems").header("X-Padding", "x".repeat(40_000)).GET());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("invalid-request");
        assertThat(r.body()).doesNotContain("<html", "Tomcat");
    }

    /** The same token limit and code whichever way a token comes: as the body ({@code application/jwt}) or inside JSON. */
    @Test
    void tokenAboveTheLimitInsideAJsonBodyThenTokenTooLargeAsForTheBareToken() {
        String big = "x".repeat(9000);
        Http integrator = Http.at(port).as("integrator");
        for (String path : List.of("/api/v1/remote-activations/updates", "/api/v1/remote-activations/RA-NOPE/receipts")) {
            Http.Response bare = integrator.post(path, "application/jwt", big);
            Http.Response json = integrator.postJson(path, Map.of("token", big));
            assertThat(bare.code()).as(path + " " + bare).isEqualTo("token-too-large");
            assertThat(json.code()).as(path + " " + json).isEqualTo("token-too-large");
            assertThat(json.status()).as(path).isEqualTo(bare.status()).isEqualTo(400);
        }
    }
}
