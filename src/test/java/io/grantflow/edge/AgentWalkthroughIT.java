package io.grantflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's agent walk-through ("Air-gapped site in five commands") works as written: its shell blocks run, in order, against the
 * packaged jar started as the README says, with the agent as {@code java -jar ... agent}.
 */
class AgentWalkthroughIT {

    private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path work;

    @Test
    void airGappedSiteWalkthroughWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## Air-gapped site in five commands");
        assertThat(start).as("the README's agent walk-through").isNotNegative();
        int end = readme.indexOf("\n## ", start + 3);
        String doc = readme.substring(start, end < 0 ? readme.length() : end);
        int port = GrantflowJar.freePort();
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        Matcher block = BASH.matcher(doc);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                if (line.startsWith("./mvnw")) {
                    continue; // the jar is already built by this very build
                }
                script.append(line
                        .replace("target/grantflow-0.1.0-SNAPSHOT.jar", GrantflowJar.jar().toAbsolutePath().toString())
                        .replace("GF=http://localhost:8080", "GF=http://127.0.0.1:" + port)
                        .replace(" --every 30s", "")).append('\n');
            }
        }
        // what the prose says in words: command 3 again for the new connection token, and the end state
        script.append("""
                agent apply --home plant-7 connection-2.jwt --receipt receipt-2.jwt
                curl -sf -H 'Content-Type: application/jwt' --data-binary @receipt-2.jwt $GF/api/v1/remote-activations/$ACT/receipts
                agent status --home plant-7 | grep -q ': 15 seats'
                agent status --home home-1 | grep -q 'credits: 0 held'
                retry sh -c "curl -sf -u auditor:auditor $GF/api/v1/credit-assignments/$ASG | grep -q REVOKED"
                echo WALKTHROUGH-OK
                """);
        Path log = work.resolve("walkthrough.log");
        try (GrantflowJar ignored = GrantflowJar.start("walkthrough", port, List.of("--grantflow.data-dir=" + work.resolve("data")))) {
            Process bash = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = bash.waitFor(10, TimeUnit.MINUTES);
            if (!finished) {
                bash.destroyForcibly();
            }
            String output = Files.readString(log);
            assertThat(finished).as(output).isTrue();
            assertThat(bash.exitValue()).as("script:\n" + script + "\noutput:\n" + output).isZero();
            assertThat(output).contains("WALKTHROUGH-OK");
        }
    }
}
