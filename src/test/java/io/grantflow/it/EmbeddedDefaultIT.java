package io.grantflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.GrantflowJar;
import io.grantflow.support.Http;
import io.grantflow.support.Webapps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as a newcomer meets it: the jar started with a port and a data dir, demo data and
 * logins, the security answers; then killed ({@code kill -9}) right after a burst of acknowledged writes, and after
 * the restart the same signing key, the same data and every write that was answered.
 */
class EmbeddedDefaultIT {

    static final int WRITES = 10;
    static final int SAVES = 3;

    @TempDir
    Path dataDir;

    @Test
    void jarWhenKilledRightAfterAcknowledgedWritesThenRestartFindsEveryWriteAndKeyAndLogins() throws Exception {
        int port = GrantflowJar.freePort();
        List<String> args = List.of("--grantflow.data-dir=" + dataDir);
        String kid;
        Acknowledged acknowledged;
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

            acknowledged = acknowledgedWrites(http);
            jar.kill();
            // 128 + 9: the java process itself died of SIGKILL, no shutdown hook ran
            assertThat(jar.process().exitValue()).isEqualTo(137);
        }
        try (GrantflowJar jar = GrantflowJar.start("embedded-default-restarted", port, args)) {
            Http http = jar.http();
            assertThat(http.get("/.well-known/jwks.json").json().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
            assertThat(http.as("auditor").get("/api/v1/subscriptions/SUB-ANNUAL").json().path("total").asLong()).isEqualTo(500);
            assertThat(Webapps.login(port, "tasklist", "operator", "operator")).isEqualTo(200);

            Http auditor = http.as("auditor");
            List<String> lost = new ArrayList<>();
            for (String id : acknowledged.downloaded()) {
                Http.Response assignment = auditor.get("/api/v1/credit-assignments/" + id);
                if (assignment.status() != 200) {
                    lost.add("assignment " + id + ": " + assignment.status());
                } else if (!assignment.json().path("downloaded").asBoolean() || !"DOWNLOADED".equals(assignment.json().path("state").asText())) {
                    lost.add("download of " + id + ": " + assignment.json().path("state").asText() + ", downloaded "
                            + assignment.json().path("downloaded").asBoolean());
                }
            }
            long available = auditor.get("/api/v1/subscriptions/SUB-ANNUAL").json().path("available").asLong();
            if (available != acknowledged.creditsAvailable()) {
                lost.add("SUB-ANNUAL available " + available + ", acknowledged " + acknowledged.creditsAvailable());
            }
            for (String updateId : acknowledged.saved()) {
                JsonNode update = auditor.get("/api/v1/remote-activations/updates/" + updateId).json();
                if (!"operator".equals(update.path("configuredBy").asText())) {
                    lost.add("Save of " + updateId + ": " + update.path("status").asText() + ", configured by "
                            + update.path("configuredBy").asText("nobody"));
                }
            }
            assertThat(lost).as("acknowledged before kill -9, missing after the restart (of %d downloads, %d Saves)",
                    WRITES, SAVES).isEmpty();
        }
    }

    record Acknowledged(List<String> downloaded, List<String> saved, long creditsAvailable) {
    }

    /**
     * Assignments with their credit-file downloads on an offline HOME system and Saves of seat configurations, as fast
     * as they are answered: the last of each kind is answered moments before the kill.
     */
    private static Acknowledged acknowledgedWrites(Http http) {
        Http operator = http.as("operator");
        EdgeSystem home = EdgeSystem.link(operator, "ACME");
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < SAVES; i++) {
            updates.add(updateAwaitingSeats(http, new EdgeSystem("INST-KILL" + i + "-" + UUID.randomUUID().toString().substring(0, 6))));
        }
        long available = http.as("auditor").get("/api/v1/subscriptions/SUB-ANNUAL").json().path("available").asLong();

        List<String> downloaded = new ArrayList<>();
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            Http.Response started = operator.postJson("/api/v1/systems/" + home.id + "/credit-assignments",
                    Map.of("subscriptionId", "SUB-ANNUAL", "credits", 1));
            assertThat(started.status()).as("%s", started).isEqualTo(202);
            assertThat(started.json().path("state").asText()).isEqualTo("ASSIGNED");
            String id = started.json().path("assignmentId").asText();
            Http.Response file = operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "");
            assertThat(file.status()).as("%s", file).isEqualTo(200);
            downloaded.add(id);
            if (i >= WRITES - SAVES) {
                String updateId = updates.get(i - (WRITES - SAVES));
                Http.Response save = operator.postJson("/api/v1/remote-activations/updates/" + updateId + "/seat-configuration",
                        Map.of("seats", 2));
                assertThat(save.status()).as("%s", save).isEqualTo(200);
                assertThat(save.json().path("configuredBy").asText()).isEqualTo("operator");
                saved.add(updateId);
            }
        }
        return new Acknowledged(downloaded, saved, available - WRITES);
    }

    /** An activation of one seat, applied by its installation, with an update waiting for its seat configuration. */
    private static String updateAwaitingSeats(Http http, EdgeSystem installation) {
        Http integrator = http.as("integrator");
        Http.Response added = integrator.postJson("/api/v1/licenses/LIC-DEMO/remote-activations",
                Map.of("installationId", installation.id, "installationKey", installation.publicJwk(), "seats", 1,
                        "expiresAt", Instant.now().plus(Duration.ofDays(30)).toString()));
        assertThat(added.status()).as("%s", added).isEqualTo(202);
        String activationId = added.json().path("activationId").asText();
        String[] token = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Http.Response r = integrator.get("/api/v1/remote-activations/" + activationId + "/connection-token");
            token[0] = r.body().strip();
            return r.status() == 200;
        });
        Http.Response receipt = http.anonymous().post("/api/v1/remote-activations/" + activationId + "/receipts", "application/jwt",
                installation.receipt(activationId, jti(token[0])));
        assertThat(receipt.status()).as("%s", receipt).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                "ACTIVE".equals(integrator.get("/api/v1/remote-activations/" + activationId).json().path("state").asText()));
        Http.Response update = integrator.post("/api/v1/remote-activations/updates", "application/jwt",
                installation.sign("update+jwt", activationId, Map.of("seats", 1, "license", "LIC-DEMO")));
        assertThat(update.status()).as("%s", update).isEqualTo(202);
        String updateId = update.json().path("updateId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "AWAITING_SEAT_CONFIGURATION".equals(
                integrator.get("/api/v1/remote-activations/updates/" + updateId).json().path("status").asText()));
        return updateId;
    }

    private static String jti(String compact) {
        try {
            return SignedJWT.parse(compact).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWS: " + compact, e);
        }
    }
}
