package io.grantflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowJar;
import io.grantflow.support.WalkthroughScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curl walk-throughs of docs/walkthroughs.md work as written, against the packaged jar with its demo data: every shell line
 * runs as printed (only the jar start, the port and the scratch directories are the test's), every {@code await}
 * must be met, and the answers the prose promises must appear. They need {@code curl}, {@code jq} and Python's
 * {@code cryptography}, as the guide says; without them the test is skipped, except under {@code CI=true}.
 */
class WalkthroughsIT {

    private static Path work;
    private static GrantflowJar grantflow;

    @BeforeAll
    static void start() throws Exception {
        boolean tools = succeeds("command -v curl && command -v jq && python3 -c 'import cryptography'");
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(tools, "curl, jq or python3 with cryptography missing: the walk-throughs are not run");
        }
        assertThat(tools).as("curl, jq and python3 with cryptography (the walk-throughs need them)").isTrue();
        work = Files.createTempDirectory("gf-readme");
        grantflow = GrantflowJar.start("readme", GrantflowJar.freePort(), List.of("--grantflow.data-dir=" + work.resolve("data")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (grantflow != null) {
            grantflow.close();
        }
    }

    @Test
    void remoteActivationUpdateWalkthroughWorksAsWritten() throws Exception {
        Path site = Files.createDirectories(work.resolve("installation"));
        String script = WalkthroughScript.section("Walk-through: a remote activation update across the air gap", line ->
                line.startsWith("cp target/") || line.startsWith("rm -rf /tmp/gf-act") || line.startsWith("java -jar ")
                        || line.startsWith("GF_PID=") || line.startsWith("kill $GF_PID") ? null
                        : line.replace("GF=http://localhost:18080", "GF=http://127.0.0.1:" + grantflow.port())
                                .replace("/tmp/grantflow-installation", site.toString()))
                + """
                curl -sf -u auditor:auditor $GF/api/v1/remote-activations/updates/$UPD | jq -e '.status == "APPLIED"'
                curl -sf -u auditor:auditor $GF/api/v1/remote-activations/$ACT | jq -e '.state == "DISCONNECTED"'
                """;

        String out = WalkthroughScript.run(script, work, "ACTIVATION-WALKTHROUGH-OK");

        assertThat(out).contains("\"verified\": true", "\"code\": \"token-replayed\"", "\"code\": \"update-in-progress\"",
                "\"code\": \"four-eyes\"", "\"approvedBy\": \"operator2\"", "\"inFlightSeats\": 6", "\"code\": \"activation-not-active\"");
        assertThat(out).contains("\"allocated\":4,\"inFlight\":6,\"available\":90", "\"allocated\":4,\"inFlight\":0,\"available\":96",
                "\"allocated\":0,\"inFlight\":4,\"available\":96", "\"seatsReleased\":4", "\"allocated\":0,\"inFlight\":0,\"available\":100");
    }

    @Test
    void creditsWalkthroughWorksAsWritten() throws Exception {
        Path home = Files.createDirectories(work.resolve("home-system"));
        String script = WalkthroughScript.section("Walk-through: credits to an offline HOME system and back", line ->
                line.startsWith("cp target/") || line.startsWith("java -jar ") ? null
                        : line.replace("GF=http://localhost:18081", "GF=http://127.0.0.1:" + grantflow.port())
                                .replace("/tmp/home-system", home.toString()))
                + """
                [ "$BEFORE" = "$AFTER" ]
                curl -sf -u auditor:auditor $GF/api/v1/credit-assignments/$ASSIGNMENT | jq -e '.state == "REVOKED"'
                """;

        String out = WalkthroughScript.run(script, work, "CREDITS-WALKTHROUGH-OK");

        assertThat(out).contains("\"state\":\"ASSIGNED\"", "application/jwt", "attachment", "\"AWAITING_REVOKE_KEY\"",
                "\"code\": \"token-unknown-subject\"", "\"RETURNED\"", "\"code\": \"assignment-not-active\"", "POST_RELEASE");
    }

    private static boolean succeeds(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor() == 0;
    }
}
