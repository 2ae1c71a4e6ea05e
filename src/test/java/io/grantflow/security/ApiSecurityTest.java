package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@GrantflowTest
class ApiSecurityTest {

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = Http.at(port);
    }

    @Test
    void readWithoutCredentialsIsUnauthorizedProblem() {
        Http.Response r = http.get("/api/v1/licenses/LIC-DEMO");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("unauthorized");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void wrongPasswordIsUnauthorized() {
        assertThat(http.as("nobody", "nope").get("/api/v1/licenses/LIC-DEMO").status()).isEqualTo(401);
    }

    @Test
    void everyGroupReadsALicense() {
        for (String user : new String[] {"operator", "integrator", "auditor"}) {
            Http.Response r = http.as(user).get("/api/v1/licenses/LIC-DEMO");
            assertThat(r.status()).as(user).isEqualTo(200);
            assertThat(r.json().path("total").asLong()).isEqualTo(100);
        }
    }

    @Test
    void auditorMayNotWrite() {
        Http.Response r = http.as("auditor").postJson("/api/v1/systems", "{}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("forbidden");
    }

    @Test
    void operatorMayNotReadTheAuditApi() {
        assertThat(http.as("operator").get("/api/v1/audit/ledger/verify").status()).isEqualTo(403);
    }

    /** A method the resource does not have is 405 with Allow for anyone signed in, not the catch-all's 403. */
    @Test
    void unsupportedMethodOnAnApiResourceIsMethodNotAllowedWithAllow() {
        Http operator = http.as("operator");
        Http auditor = http.as("auditor");
        Http.Response delete = operator.send(operator.builder("/api/v1/licenses/LIC-DEMO").DELETE());
        assertThat(delete.status()).as(delete.toString()).isEqualTo(405);
        assertThat(delete.code()).isEqualTo("method-not-allowed");
        assertThat(delete.contentType()).startsWith("application/problem+json");
        assertThat(delete.raw().headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET").doesNotContain("DELETE"));

        Http.Response put = auditor.send(auditor.builder("/api/v1/systems")
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.status()).as(put.toString()).isEqualTo(405);
        assertThat(put.raw().headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));

        // who is asking comes first; and the rule opens no endpoint past its role rule
        assertThat(http.anonymous().send(http.builder("/api/v1/licenses/LIC-DEMO").DELETE()).status()).isEqualTo(401);
        assertThat(auditor.postJson("/api/v1/systems", "{}").status()).isEqualTo(403);
    }

    @Test
    void jwksAndHealthArePublic() {
        Http.Response jwks = http.get("/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().path("keys").get(0).path("crv").asText()).isEqualTo("P-256");
        assertThat(jwks.json().path("keys").get(0).has("d")).isFalse();
        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        // the database, disk path and job executor's lock owner are for operators, not for anyone who asks
        assertThat(health.json().has("components")).isFalse();
        assertThat(http.as("operator").get("/actuator/health").json().path("components").path("db").path("status").asText())
                .isEqualTo("UP");
    }

    @Test
    void unknownLicenseIsNotFoundProblem() {
        Http.Response r = http.as("auditor").get("/api/v1/licenses/NOPE");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("not-found");
    }

    @Test
    void engineRestNeedsCredentialsAndAuditorCannotStartAProcess() {
        assertThat(http.get("/engine-rest/process-definition").status()).isEqualTo(401);
        assertThat(http.as("auditor").get("/engine-rest/process-definition").status()).isEqualTo(200);
        Http.Response start = http.as("auditor").postJson("/engine-rest/process-definition/key/anything/start", "{}");
        assertThat(start.status()).isIn(403, 404);
    }
}
