package io.grantflow.edge;

import java.io.IOException;
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
 * The edge agent as a separate OS process, started from the test class path exactly as
 * {@code java -jar grantflow.jar agent ...} starts it: through {@code GrantflowApplication.main}.
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
    private Instant now;

    AgentProcess(Path home) {
        this.home = home;
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
