package io.grantflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowJar;
import io.grantflow.support.Http;
import io.grantflow.support.Webapps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a newcomer meets it: the jar started with a port and a data dir, demo data and
 * logins, the security answers, and after a restart the same signing key and the same data.
 */
class EmbeddedDefaultIT {

    @TempDir
    Path dataDir;

    @Test
    void jarWhenStartedAndRestartedThenLoginsWorkAndKeyAndDataSurvive() throws Exception {
        int port = GrantflowJar.freePort();
        List<String> args = List.of("--grantflow.data-dir=" + dataDir);
        String kid;
        try (GrantflowJar jar = GrantflowJar.start("embedded-default", port, args)) {
            Http http = jar.http();
            assertThat(Webapps.login(port, "tasklist", "operator", "operator")).isEqualTo(200);
            assertThat(Webapps.login(port, "cockpit", "auditor", "auditor")).isEqualTo(200);
            assertThat(Webapps.login(port, "tasklist", "auditor", "auditor")).isEqualTo(403);

            Http.Response license = http.as("auditor").get("/api/v1/licenses/LIC-DEMO");
            assertThat(license.status()).isEqualTo(200);
            assertThat(license.json().path("available").asLong()).isEqualTo(100);
            assertThat(http.get("/api/v1/licenses/LIC-DEMO").status()).isEqualTo(401);
            assertThat(http.as("auditor").postJson("/api/v1/systems", "{}").status()).isEqualTo(403);

            Http.Response jwks = http.get("/.well-known/jwks.json");
            assertThat(jwks.json().path("keys").get(0).path("kty").asText()).isEqualTo("EC");
            assertThat(jwks.json().path("keys").get(0).path("crv").asText()).isEqualTo("P-256");
            kid = jwks.json().path("keys").get(0).path("kid").asText();
            assertThat(kid).isNotBlank();
            assertThat(Files.exists(dataDir.resolve("grantflow.mv.db"))).isTrue();
            assertThat(http.as("operator").get("/actuator/health").json().path("components").path("db").path("status").asText()).isEqualTo("UP");
        }
        try (GrantflowJar jar = GrantflowJar.start("embedded-default-restarted", port, args)) {
            Http http = jar.http();
            assertThat(http.get("/.well-known/jwks.json").json().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
            assertThat(http.as("auditor").get("/api/v1/subscriptions/SUB-ANNUAL").json().path("total").asLong()).isEqualTo(500);
            assertThat(Webapps.login(port, "tasklist", "operator", "operator")).isEqualTo(200);
        }
    }
}
