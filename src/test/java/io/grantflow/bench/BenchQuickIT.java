package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.support.GrantflowJar;
import io.grantflow.support.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * {@code java -jar target/grantflow-<version>.jar bench --quick --rounds 1 --warm-up-rounds 0 --db postgres} as a separate
 * process, once: the production database, with its vacuum before every measurement and the server's scan counters (H2's statement
 * statistics and plans are tested on their own in {@code StatementStatisticsTest}):
 * a smoke test of the benchmark as users run it (docs/performance.md). It checks the report's and the chart's shape
 * (every workload, its reference, its ratio within its spread over the rounds, rows per operation), that no credit was
 * granted beyond a pool, that the ledger is intact and that no statement scans a Grantflow table (the server's
 * scan counters) and that the database was vacuumed before every measurement; never a speed.
 */
class BenchQuickIT {

    @Test
    void quickBenchWritesTheWholeReportAndChartWithNoOverspendAndAnIntactLedger() throws Exception {
        String db = "postgres";
        Postgres.require(); // skips where none answers, fails under CI=true
        Path out = Path.of("target", "bench", "quick-it-" + db + ".json").toAbsolutePath();
        Path chart = Report.chartFile(out);
        Files.deleteIfExists(out);
        Files.deleteIfExists(chart);
        Path log = Path.of("target", "it-logs", "bench-quick-" + db + ".log");
        Files.createDirectories(log.getParent());
        // As docs/performance.md starts it: the packaged jar's bench mode, one counted round and no warm-up round (the
        // smallest run that still goes through every workload and its reference).
        Process process = new ProcessBuilder(List.of(javaBin(), "-Xmx768m", "-jar", GrantflowJar.jar().toAbsolutePath().toString(),
                "bench", "--quick", "--rounds", "1", "--warm-up-rounds", "0", "--db", db, "--out", out.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(600, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("bench --quick finished; log %s", log).isTrue();
        assertThat(process.exitValue()).as("exit code; log: %s", Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("targets", "engine-baseline", "waiting-scale");

        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report.path("db").asText()).isEqualTo(db);
        assertThat(report.path("overspend").asLong(-1)).isZero();
        assertThat(report.path("poolsOutOfBalance").asLong(-1)).isZero();
        assertThat(report.path("ledger").path("intact").asBoolean()).isTrue();
        assertThat(report.path("ledger").path("broken")).isEmpty();
        assertThat(report.path("ledger").path("rows").asLong()).isPositive();
        // Every statement of the flows reads Grantflow's tables through an index: the server's scan counters (no
        // table's scans read a thousand rows each).
        assertThat(report.has("tableScans")).isTrue();
        assertThat(report.path("tableScans")).as("Grantflow tables scanned").isEmpty();
        // The small tables are read whole by design: their scans are listed beside the check.
        assertThat(report.path("setup").path("sequentialScansOfGrantflowTables").isObject()).isTrue();
        // The engine's tables are read by the same counters and listed apart (informational).
        assertThat(report.path("setup").path("engineTableScans").isArray()).isTrue();
        // A vacuum before every measurement, whatever the server's autovacuum: one per measurement in the report.
        JsonNode maintenance = report.path("setup").path("postgresMaintenance");
        assertThat(maintenance.path("autovacuum").asText()).isIn("on", "off");
        long measurements = 0;
        for (JsonNode w : report.path("workloads")) {
            measurements += w.path("measurements").asLong();
        }
        assertThat(maintenance.path("vacuumsBeforeMeasurements").asLong()).as("%s", maintenance).isGreaterThanOrEqualTo(measurements)
                .isPositive();
        int rounds = report.path("rounds").asInt();
        assertThat(rounds).isEqualTo(1);
        // No warm-up round was asked for, and none ran: every workload has a ratio per counted round.
        assertThat(report.path("warmUpRounds").asInt()).isZero();
        assertThat(Files.readString(log)).doesNotContain("warm-up round (not counted)");

        Set<String> names = new HashSet<>();
        for (JsonNode w : report.path("workloads")) {
            String name = w.path("name").asText();
            names.add(name);
            for (String field : List.of("clients", "reference", "perSecond", "ratio", "ratioMin", "ratioMax", "rowsPerOp", "bytesPerOp",
                    "ok", "failed")) {
                assertThat(w.hasNonNull(field)).as("%s in %s", field, w).isTrue();
            }
            assertThat(w.path("reference").asText()).as(w.toString()).isEqualTo(REFERENCES.get(name));
            double ratio = w.path("ratio").asDouble();
            assertThat(ratio).as(w.toString()).isPositive().isBetween(w.path("ratioMin").asDouble(), w.path("ratioMax").asDouble());
            // A reference's spread is over all its measurements (as a reference of others too), a workload's over the rounds.
            if (REFERENCES.get(name).equals(name)) {
                assertThat(w.path("ratioRounds").size()).as(w.toString()).isEqualTo(w.path("measurements").asInt()).isGreaterThan(rounds);
            } else {
                assertThat(w.path("ratioRounds")).as("a ratio per round: %s", w).hasSize(rounds);
            }
            // Every operation writes: a history row, a token record, the verify-insert row (a delivery updates its own row).
            if (!name.equals("webhook-delivery")) {
                assertThat(w.path("rowsPerOp").size()).as("rows per operation of %s", w).isPositive();
            }
            if (!name.equals("timer-drain") && !name.equals("engine-baseline-async") && !name.equals("webhook-delivery")) {
                assertThat(w.has("p50Ms") && w.has("p95Ms") && w.has("p99Ms")).as(w.toString()).isTrue();
            } else {
                assertThat(w.path("failed").asLong()).as("every due job ran: %s", w).isZero();
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(BenchCli.WORKLOADS);
        assertThat(find(report, "offline-cycle").path("stepsPerCycle").asInt()).isEqualTo(3);
        // Each busy call-in found a file waiting: a client that finds none fails, and its rate would be the files' count.
        assertThat(find(report, "call-in-busy").path("failed").asLong()).as("%s", find(report, "call-in-busy")).isZero();
        assertThat(find(report, "waiting-scale").path("neighbourReference").asText()).isEqualTo("engine-baseline-signed");
        // Deliveries reached the receiver, each with a signature that verified against its endpoint's secret, and every
        // attempt the worker made arrived.
        JsonNode delivery = find(report, "webhook-delivery");
        assertThat(delivery.path("ok").asLong()).as("%s", delivery).isPositive();
        assertThat(delivery.path("failed").asLong()).as("%s", delivery).isZero();
        assertThat(delivery.path("badSignatures").asLong(-1)).as("%s", delivery).isZero();
        assertThat(delivery.path("deliveriesPrepared").asLong()).as("%s", delivery).isPositive();
        // Each assignment wrote its deliveries in its own transaction, and the worker sent them beside the clients.
        JsonNode withEndpoint = find(report, "assign-online-with-endpoint");
        assertThat(withEndpoint.path("failed").asLong()).as("%s", withEndpoint).isZero();
        assertThat(withEndpoint.path("rowsPerOp").path("gf_webhook_delivery").asDouble()).as("%s", withEndpoint).isPositive();
        assertThat(withEndpoint.path("deliveredDuringMeasurement").asLong()).as("%s", withEndpoint).isPositive();
        assertThat(withEndpoint.path("badSignatures").asLong(-1)).as("%s", withEndpoint).isZero();
        assertThat(withEndpoint.path("workerErrors").asLong(-1)).as("%s", withEndpoint).isZero();
        // The references measured next to engine-baseline keep their relation to it, apart from the ratios.
        for (String reference : List.of("engine-baseline-signed", "verify-insert")) {
            assertThat(find(report, reference).path("toEngineBaseline").asDouble()).as(reference).isPositive();
            assertThat(find(report, reference).path("toEngineBaselineRounds")).as(reference).hasSize(rounds);
        }

        List<String> targets = new ArrayList<>();
        report.path("targets").forEach(t -> {
            targets.add(t.path("target").asText());
            assertThat(t.has("met")).isTrue();
        });
        assertThat(targets).anyMatch(t -> t.startsWith("assign-online")).anyMatch(t -> t.startsWith("timer-drain"))
                .anyMatch(t -> t.startsWith("call-in-quiet")).anyMatch(t -> t.startsWith("waiting-scale"))
                .anyMatch(t -> t.startsWith("overspend")).anyMatch(t -> t.startsWith("ledger"));
        assertThat(targets).anyMatch(t -> t.startsWith("no sequential scan reads"));

        // The chart: well-formed SVG with a row for every workload.
        assertThat(chart).exists();
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = svg.getDocumentElement().getTextContent();
        BenchCli.WORKLOADS.forEach(name -> assertThat(text).contains(name));
    }

    /** Each workload's reference, as the issue names them. */
    static final Map<String, String> REFERENCES = Map.ofEntries(Map.entry("engine-baseline", "engine-baseline"),
            Map.entry("engine-baseline-signed", "engine-baseline-signed"), Map.entry("verify-insert", "verify-insert"),
            Map.entry("webhook-delivery", "engine-baseline"), Map.entry("assign-online", "engine-baseline-signed"),
            Map.entry("assign-online-with-endpoint", "assign-online"), Map.entry("assign-contended", "engine-baseline-signed"),
            Map.entry("assign-http", "engine-baseline-signed"), Map.entry("offline-cycle", "engine-baseline-signed"),
            Map.entry("update-cycle", "engine-baseline-signed"), Map.entry("call-in-quiet", "verify-insert"),
            Map.entry("call-in-busy", "verify-insert"), Map.entry("call-in-http", "verify-insert"),
            Map.entry("engine-baseline-async", "engine-baseline-async"), Map.entry("timer-drain", "engine-baseline-async"),
            Map.entry("waiting-scale", "assign-online on the empty database"));

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
