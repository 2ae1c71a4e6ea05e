package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code BenchCli --quick --db h2} as a separate process on the test class path: a smoke test of the benchmark as
 * users run it (README, "Performance"). It checks the
 * report's shape, that no credit was granted beyond a pool and that the ledger is intact; never a speed.
 */
class BenchQuickIT {

    static final List<String> WORKLOADS = List.of("engine-baseline", "engine-baseline-signed", "assign-online", "assign-contended",
            "assign-http", "offline-cycle", "update-cycle", "timer-drain", "waiting-scale");

    @Test
    void quickBenchOnH2WritesTheWholeReportWithNoOverspendAndAnIntactLedger() throws Exception {
        Path out = Path.of("target", "bench", "quick-it-h2.json").toAbsolutePath();
        Files.deleteIfExists(out);
        Path log = Path.of("target", "it-logs", "bench-quick-h2.log");
        Files.createDirectories(log.getParent());
        // The bench lives in test scope: started from the test class path, as the README's Maven command starts it.
        Process process = new ProcessBuilder(List.of(javaBin(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                BenchCli.class.getName(), "--quick", "--db", "h2", "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(600, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("bench --quick finished; log %s", log).isTrue();
        assertThat(process.exitValue()).as("exit code; log: %s", Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("targets", "engine-baseline", "waiting-scale");

        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report.path("db").asText()).isEqualTo("h2");
        assertThat(report.path("overspend").asLong(-1)).isZero();
        assertThat(report.path("poolsOutOfBalance").asLong(-1)).isZero();
        assertThat(report.path("ledger").path("intact").asBoolean()).isTrue();
        assertThat(report.path("ledger").path("broken")).isEmpty();
        assertThat(report.path("ledger").path("rows").asLong()).isPositive();

        Set<String> names = new HashSet<>();
        for (JsonNode w : report.path("workloads")) {
            names.add(w.path("name").asText());
            assertThat(w.has("clients") && w.has("perSecond") && w.has("ok") && w.has("failed")).as(w.toString()).isTrue();
            if (!w.path("name").asText().equals("engine-baseline")) {
                assertThat(w.has("ratioToBaseline")).as(w.toString()).isTrue();
            }
            if (!w.path("name").asText().equals("timer-drain")) {
                assertThat(w.has("p50Ms") && w.has("p95Ms") && w.has("p99Ms")).as(w.toString()).isTrue();
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(WORKLOADS);
        JsonNode drain = find(report, "timer-drain");
        assertThat(drain.path("ok").asLong()).as("every auto-revoke returned its credits").isEqualTo(drain.path("dueAtOnce").asLong());
        assertThat(find(report, "waiting-scale").has("ratioToEmpty")).isTrue();

        List<String> targets = new ArrayList<>();
        report.path("targets").forEach(t -> {
            targets.add(t.path("target").asText());
            assertThat(t.has("met")).isTrue();
        });
        assertThat(targets).anyMatch(t -> t.startsWith("assign-online")).anyMatch(t -> t.startsWith("timer-drain"))
                .anyMatch(t -> t.startsWith("overspend")).anyMatch(t -> t.startsWith("ledger"));
    }

    private static JsonNode find(JsonNode report, String name) {
        for (JsonNode w : report.path("workloads")) {
            if (w.path("name").asText().equals(name)) {
                return w;
            }
        }
        throw new AssertionError("no workload " + name);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
