package io.grantflow.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Grantflow started as the README says ({@code java -jar target/grantflow-<version>.jar}), as a separate
 * process, for the integration tests that run after {@code package}. Its output goes to a log file under target/.
 */
public final class GrantflowJar implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private GrantflowJar(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Path jar() {
        String path = System.getProperty("grantflow.jar");
        if (path == null) {
            throw new IllegalStateException("System property grantflow.jar is not set: run with ./mvnw verify");
        }
        return Path.of(path);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the jar and waits until {@code /actuator/health} answers UP. */
    public static GrantflowJar start(String name, int port, List<String> args) throws IOException, InterruptedException {
        return start(name, port, args, Duration.ofSeconds(180));
    }

    /** The same, with a longer wait for a busy machine (several jars starting at once). */
    public static GrantflowJar start(String name, int port, List<String> args, Duration healthyWithin)
            throws IOException, InterruptedException {
        // The client compiler only: the optimising one's work on a start competes for the build machine's few cores, and
        // these tests assert outcomes, never a speed (the benchmark starts its own JVM without this).
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx768m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                "--server.port=" + port));
        command.addAll(args);
        Path log = Path.of("target", "it-logs", name + "-" + port + "-" + Instant.now().toEpochMilli() + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GrantflowJar jar = new GrantflowJar(process, port, log);
        jar.awaitHealthy(healthyWithin);
        return jar;
    }

    public int port() {
        return port;
    }

    public Http http() {
        return Http.at(port);
    }

    public Process process() {
        return process;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        try {
            await("Grantflow healthy").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Grantflow exited with " + process.exitValue() + "; log: " + Files.readString(log));
                }
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().contains("\"UP\"");
                } catch (IOException notYet) {
                    return false; // still starting
                }
            });
        } catch (ConditionTimeoutException notHealthy) {
            close();
            throw new IllegalStateException("Grantflow did not become healthy in " + timeout + "; log: " + log);
        }
    }

    /** A graceful stop (SIGTERM), as an operator's service manager does. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
