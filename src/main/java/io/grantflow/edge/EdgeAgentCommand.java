package io.grantflow.edge;

import io.grantflow.edge.agent.EdgeAgent;
import java.io.PrintStream;

/**
 * The edge module's entry for {@code java -jar grantflow.jar agent ...}: the agent lives in the module's internal
 * {@code agent} package, and the application's main may only call a module's top-level API.
 */
public final class EdgeAgentCommand {

    private EdgeAgentCommand() {
    }

    /** Runs one agent command and answers its exit code; never exits the JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return EdgeAgent.run(args, out, err);
    }
}
