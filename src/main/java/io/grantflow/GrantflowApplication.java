package io.grantflow;

import io.grantflow.audit.EvidenceVerifierCli;
import io.grantflow.bench.BenchCli;
import io.grantflow.edge.EdgeAgentCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Grantflow: printer seats and credits handed out through BPMN flows on an embedded Camunda 7 engine.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class GrantflowApplication {

    public static void main(String[] args) {
        // Command-line modes of the same jar: no web server, no engine (the benchmark aside).
        if (args.length > 0 && "verify-evidence".equals(args[0])) {
            System.exit(EvidenceVerifierCli.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && "agent".equals(args[0])) {
            System.exit(EdgeAgentCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // The benchmark starts its own Grantflow on a fresh database (docs/performance.md).
        if (args.length > 0 && "bench".equals(args[0])) {
            System.exit(BenchCli.run(Arrays.copyOfRange(args, 1, args.length), GrantflowApplication.class, System.out, System.err));
        }
        SpringApplication.run(GrantflowApplication.class, args);
    }
}
