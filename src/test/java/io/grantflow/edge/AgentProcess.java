package io.grantflow.edge;

import io.grantflow.edge.agent.EdgeAgent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The edge agent on one edge directory, either as a separate OS process started from the test class path exactly as
 * {@code java -jar grantflow.jar agent ...} starts it (through {@code GrantflowApplication.main}), or in this JVM
 * through the agent's own entry point, with the same arguments and clock. One end-to-end test runs the OS process
 * (and the walk-through runs the jar); the others run in-process, which spares a JVM start per command.
 */
final class AgentProcess {

    record Result(int exit, String out, String err) {

        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1].strip();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path home;
    private final boolean inThisJvm;
    private Instant now;

    private AgentProcess(Path home, boolean inThisJvm) {
        this.home = home;
        this.inThisJvm = inThisJvm;
    }

    /** The agent as its own OS process, one per command. */
    static AgentProcess osProcess(Path home) {
        return new AgentProcess(home, false);
    }

    /** The agent's commands run in this JVM. */
    static AgentProcess inThisJvm(Path home) {
        return new AgentProcess(home, true);
    }

    Path home() {
        return home;
    }

    /** Sets the agent's clock (through {@code GRANTFLOW_AGENT_NOW}) for the following commands; null: the machine's. */
    AgentProcess clockAt(Instant at) {
        this.now = at;
        return this;
    }

    Result run(String command, String... args) {
        if (inThisJvm) {
            return runInThisJvm(command, args);
        }
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.grantflow.GrantflowApplication",
                "agent", command, "--home", home.toString()));
        line.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().remove("GRANTFLOW_AGENT_NOW");
        if (now != null) {
            builder.environment().put("GRANTFLOW_AGENT_NOW", now.toString());
        }
        try {
            Path out = Files.createTempFile("agent", ".out");
            Path err = Files.createTempFile("agent", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("agent " + command + " did not finish in 120 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Result runInThisJvm(String command, String... args) {
        List<String> line = new ArrayList<>(List.of(command, "--home", home.toString()));
        line.addAll(Arrays.asList(args));
        if (now != null) {
            line.addAll(List.of("--now", now.toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EdgeAgent.run(line.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed. */
    Result ok(String command, String... args) {
        Result result = run(command, args);
        if (result.exit() != 0) {
            throw new AssertionError("agent " + command + " failed: " + result);
        }
        return result;
    }

    Path write(String name, String content) {
        try {
            Path file = home.resolveSibling(home.getFileName() + "-" + name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
