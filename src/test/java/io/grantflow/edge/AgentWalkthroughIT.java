package io.grantflow.edge;

import io.grantflow.support.GrantflowJar;
import io.grantflow.support.WalkthroughScript;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent walk-through of docs/walkthroughs.md ("Air-gapped site in five commands") works as written: its shell blocks run, in order, against the
 * packaged jar started as the README says, with the agent as {@code java -jar ... agent}.
 */
class AgentWalkthroughIT {

    @TempDir
    Path work;

    @Test
    void airGappedSiteWalkthroughWorksAsWritten() throws Exception {
        int port = GrantflowJar.freePort();
        String script = WalkthroughScript.section("Air-gapped site in five commands", line -> line
                .replace("target/grantflow-0.1.0-SNAPSHOT.jar", GrantflowJar.jar().toAbsolutePath().toString())
                .replace("GF=http://localhost:8080", "GF=http://127.0.0.1:" + port)
                .replace(" --every 30s", ""))
                // what the prose says in words: command 3 again for the new connection token, and the end state
                + """
                agent apply --home plant-7 connection-2.jwt --receipt receipt-2.jwt
                curl -sf -H 'Content-Type: application/jwt' --data-binary @receipt-2.jwt $GF/api/v1/remote-activations/$ACT/receipts
                agent status --home plant-7 | grep -q ': 15 seats'
                agent status --home home-1 | grep -q 'credits: 0 held'
                retry sh -c "curl -sf -u auditor:auditor $GF/api/v1/credit-assignments/$ASG | grep -q REVOKED"
                """;
        try (GrantflowJar ignored = GrantflowJar.start("walkthrough", port, List.of("--grantflow.data-dir=" + work.resolve("data")))) {
            WalkthroughScript.run(script, work, "WALKTHROUGH-OK");
        }
    }
}
