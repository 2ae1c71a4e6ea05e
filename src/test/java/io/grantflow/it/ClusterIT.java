package io.grantflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.Http;
import io.grantflow.support.Postgres;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Grantflow nodes (separate jars, own data dirs) on one fresh PostgreSQL database, as Camunda's homogeneous
 * cluster: started at the same moment, they share keys and data; a flow started on one finishes on the other; a due
 * timer fires once with both job executors running; parallel starts over both never overspend; and a node killed
 * with {@code kill -9} under load loses nothing. The same two processes serve every scenario (jar starts are dear).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static String url;
    private static ClusterNode a;
    private static ClusterNode b;
    private static Path dataDirs;

    @BeforeAll
    static void startTwoNodesAtOnce() throws Exception {
        Postgres.require();
        url = Postgres.createDatabase("gf_cluster");
        dataDirs = Files.createTempDirectory("gf-cluster");
        a = new ClusterNode("node-a", url, dataDirs.resolve("a"), true);
        b = new ClusterNode("node-b", url, dataDirs.resolve("b"), false);
        // Both at once on an empty database: schema, first signing key, groups and demo data must not race.
        ExecutorService starter = Executors.newFixedThreadPool(2);
        try {
            Future<Long> startA = starter.submit(a::start);
            Future<Long> startB = starter.submit(b::start);
            long msA = startA.get(450, TimeUnit.SECONDS);
            long msB = startB.get(450, TimeUnit.SECONDS);
            System.out.printf("cluster: %s healthy after %d ms, %s after %d ms (started together on %s)%n", a, msA, b, msB, url);
        } finally {
            starter.shutdownNow();
        }
    }

    @AfterAll
    static void stopAndDrop() throws Exception {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            if (url != null) {
                Postgres.drop(url);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void nodesStartedTogetherThenOneSchemaOneKeyAndSameJwks() throws Exception {
        assertThat(count("SELECT COUNT(*) FROM gf_signing_key WHERE retired_at IS NULL")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM (SELECT group_id_, resource_type_, resource_id_ FROM act_ru_authorization"
                + " WHERE group_id_ IS NOT NULL GROUP BY group_id_, resource_type_, resource_id_ HAVING COUNT(*) > 1) d")).isZero();
        assertThat(count("SELECT COUNT(*) FROM (SELECT key_, version_ FROM act_re_procdef GROUP BY key_, version_"
                + " HAVING COUNT(*) > 1) d")).isZero();
        assertThat(count("SELECT COUNT(*) FROM act_re_procdef WHERE version_ > 1")).isZero();
        assertThat(count("SELECT COUNT(*) FROM gf_pool WHERE id = 'LIC-DEMO'")).isEqualTo(1);

        String jwksA = a.http().get("/.well-known/jwks.json").body();
        String jwksB = b.http().get("/.well-known/jwks.json").body();
        assertThat(JWKSet.parse(jwksA).getKeys()).isEqualTo(JWKSet.parse(jwksB).getKeys());
        assertThat(b.http().as("auditor").get("/api/v1/licenses/LIC-DEMO").status()).isEqualTo(200);
        System.out.println("cluster: one active signing key, no duplicate authorization or deployment, same JWKS on both nodes");
    }

    @Test
    @Order(2)
    void flowStartedOnNodeAThenCompletedOnNodeB() throws Exception {
        Http opA = a.http().as("operator");
        Http opB = b.http().as("operator");
        EdgeSystem system = EdgeSystem.link(opA, "ACME");

        // credits: assigned on A, downloaded on B, revoke started on A, its key handed in on B
        JsonNode started = ok(opA.postJson("/api/v1/systems/" + system.id + "/credit-assignments",
                Map.of("subscriptionId", "SUB-ANNUAL", "credits", 5), UUID.randomUUID().toString()), 202);
        String assignmentId = started.path("assignmentId").asText();
        Http.Response file = opB.post("/api/v1/credit-assignments/" + assignmentId + "/download", "application/json", "");
        assertThat(file.status()).isEqualTo(200);
        // the credit file, signed on B, verifies with the JWKS node A serves
        assertThat(verifiesWith(file.body(), a.http().get("/.well-known/jwks.json").body())).isTrue();
        String fileJti = SignedJWT.parse(file.body()).getJWTClaimsSet().getJWTID();
        assertThat(ok(opA.postJson("/api/v1/credit-assignments/" + assignmentId + "/revocations", Map.of()), 202)
                .path("status").asText()).isEqualTo("AWAITING_REVOKE_KEY");
        assertThat(ok(opB.postJson("/api/v1/credit-assignments/" + assignmentId + "/revocations",
                Map.of("revokeKey", system.revokeKey(assignmentId, fileJti))), 202).path("status").asText()).isEqualTo("RETURNED");
        assertThat(ok(opA.get("/api/v1/credit-assignments/" + assignmentId), 200).path("state").asText()).isEqualTo("REVOKED");

        // seats: added on A, its connection token fetched from B, the receipt posted to B, activated by either executor
        EdgeSystem installation = new EdgeSystem("INST-" + UUID.randomUUID().toString().substring(0, 8));
        JsonNode added = ok(a.http().as("integrator").postJson("/api/v1/licenses/LIC-DEMO/remote-activations",
                Map.of("installationId", installation.id, "installationKey", installation.publicJwk(), "seats", 3,
                        "expiresAt", Instant.now().plus(Duration.ofDays(30)).toString())), 202);
        String activationId = added.path("activationId").asText();
        Http.Response token = b.http().as("integrator").get("/api/v1/remote-activations/" + activationId + "/connection-token");
        assertThat(token.status()).isEqualTo(200);
        assertThat(verifiesWith(token.body(), b.http().get("/.well-known/jwks.json").body())).isTrue();
        String connectionJti = SignedJWT.parse(token.body()).getJWTClaimsSet().getJWTID();
        assertThat(b.http().anonymous().post("/api/v1/remote-activations/" + activationId + "/receipts", "application/jwt",
                installation.receipt(activationId, connectionJti)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                "ACTIVE".equals(opA.get("/api/v1/remote-activations/" + activationId).json().path("state").asText()));
        // disconnected on B: the applied seats stay in flight until the installation's proof, handed in on A
        ok(opB.postJson("/api/v1/remote-activations/" + activationId + "/disconnect", Map.of()), 202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                "DISCONNECTED".equals(opA.get("/api/v1/remote-activations/" + activationId).json().path("state").asText()));
        assertThat(ok(a.http().as("auditor").get("/api/v1/licenses/LIC-DEMO"), 200).path("inFlight").asLong()).isEqualTo(3);
        assertThat(ok(a.http().anonymous().post("/api/v1/remote-activations/" + activationId + "/disconnect-proofs", "application/jwt",
                installation.disconnectProof(activationId, connectionJti)), 200).path("seatsReleased").asLong()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                ok(b.http().as("auditor").get("/api/v1/licenses/LIC-DEMO"), 200).path("inFlight").asLong() == 0);
        assertLedgerIntact();
        System.out.println("cluster: credit assignment " + assignmentId + " A->B->A->B REVOKED; activation " + activationId
                + " A->B ACTIVE->DISCONNECTED, its seats back with the installation's proof on A; ledger intact");
    }

    @Test
    @Order(3)
    void dueTimerWhenBothExecutorsRunThenFiresExactlyOnce() throws Exception {
        EdgeSystem system = EdgeSystem.link(a.http().as("operator"), "GLOBEX");
        long before = available("SUB-GLOBEX");
        Instant due = Instant.now().plusSeconds(8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ClusterNode node = i % 2 == 0 ? a : b;
            ids.add(ok(node.http().as("integrator").postJson("/api/v1/systems/" + system.id + "/credit-assignments",
                    Map.of("subscriptionId", "SUB-GLOBEX", "credits", 2, "autoRevokeAt", due.toString())), 202)
                    .path("assignmentId").asText());
        }
        assertThat(available("SUB-GLOBEX")).isEqualTo(before - 20);
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                count("SELECT COUNT(*) FROM gf_credit_assignment WHERE system_id = '" + system.id + "' AND state = 'REVOKED'") == ids.size());
        for (String id : ids) {
            assertThat(count("SELECT COUNT(*) FROM gf_ledger_entry WHERE holder_id = '" + id + "' AND kind = 'RELEASE'"))
                    .as("return rows of %s", id).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM gf_ledger_entry WHERE holder_id = '" + id + "'")).isEqualTo(2);
        }
        assertThat(available("SUB-GLOBEX")).isEqualTo(before);
        assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
        assertLedgerIntact();
        System.out.printf("cluster: %d timers due at %s fired exactly once each (returned %.1f s after the wait began),"
                + " SUB-GLOBEX back to %d, no incident%n", ids.size(), due, (System.nanoTime() - t0) / 1e9, before);
    }

    @Test
    @Order(4)
    void parallelSeatUpdatesOverBothNodesNeverOverspend() throws Exception {
        int installations = 8;
        long more = 20;
        List<EdgeSystem> sites = new ArrayList<>();
        List<String> activationIds = new ArrayList<>();
        for (int i = 0; i < installations; i++) {
            sites.add(new EdgeSystem("INST-U" + i + "-" + UUID.randomUUID().toString().substring(0, 6)));
            activationIds.add(activate(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, sites.get(i), 1));
        }
        long available = available("LIC-DEMO");
        long allocated = ok(a.http().as("auditor").get("/api/v1/licenses/LIC-DEMO"), 200).path("allocated").asLong();

        // Every installation asks for 20 more seats at once, started on one node and configured on the other: more than
        // the license has left, so the seat check and the save race across the nodes.
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        runParallel(installations, installations, i -> {
            ClusterNode start = i % 2 == 0 ? a : b;
            ClusterNode configure = i % 2 == 0 ? b : a;
            EdgeSystem site = sites.get(i);
            String activationId = activationIds.get(i);
            String updateId = ok(start.http().as("integrator").post("/api/v1/remote-activations/updates", "application/jwt",
                    site.sign("update+jwt", activationId, Map.of("seats", 1, "license", "LIC-DEMO"))), 202).path("updateId").asText();
            String path = "/api/v1/remote-activations/updates/" + updateId;
            Http.Response configured = configure.http().as("operator").postJson(path + "/seat-configuration", Map.of("seats", 1 + more));
            String outcome;
            if (configured.status() == 409) {
                assertThat(configured.code()).as("%s", configured).isEqualTo("seats-exceed-license");
                outcome = "refused by the seat check (409)";
            } else {
                assertThat(configured.status()).as("%s", configured).isEqualTo(200);
                // validated and saved by either node's job executor: saved, or back at the task when the pool shrank meanwhile
                JsonNode settled = awaitUpdate(start, path, u -> u.path("status").asText().equals("CONNECTION_TOKEN_READY")
                        || u.path("status").asText().equals("AWAITING_SEAT_CONFIGURATION") && u.hasNonNull("message"));
                outcome = settled.path("status").asText().equals("CONNECTION_TOKEN_READY") ? "granted" : "refused at save (pool shrank)";
            }
            if (!outcome.equals("granted")) {
                // the installation keeps its one seat: the update closes unchanged
                ok(start.http().as("operator").postJson(path + "/seat-configuration", Map.of("seats", 1)), 200);
                awaitUpdate(configure, path, u -> u.path("status").asText().equals("CONNECTION_TOKEN_READY"));
            } else {
                granted.add(activationId);
            }
            outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
            String token = ok200Body(configure.http().as("integrator").get(path + "/connection-token"));
            ok(start.http().anonymous().post("/api/v1/remote-activations/" + activationId + "/receipts", "application/jwt",
                    site.receipt(activationId, jti(token))), 200);
            awaitUpdate(configure, path, u -> u.path("status").asText().equals("APPLIED"));
        });

        assertThat(granted).hasSize((int) Math.min(installations, available / more));
        JsonNode license = ok(b.http().as("auditor").get("/api/v1/licenses/LIC-DEMO"), 200);
        assertThat(license.path("allocated").asLong()).isEqualTo(allocated + more * granted.size());
        assertThat(license.path("inFlight").asLong()).isZero();
        assertThat(available("LIC-DEMO")).isEqualTo(available - more * granted.size());
        for (int i = 0; i < installations; i++) {
            assertThat(ok(a.http().as("auditor").get("/api/v1/remote-activations/" + activationIds.get(i)), 200).path("seats").asLong())
                    .isEqualTo(granted.contains(activationIds.get(i)) ? 1 + more : 1);
        }
        assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
        assertLedgerIntact();
        System.out.printf("cluster: %d parallel seat updates of +%d over both nodes with %d seats left: %s; allocated %d -> %d,"
                + " nothing in flight, never overspent, ledger intact%n", installations, more, available, new java.util.TreeMap<>(outcomes),
                allocated, license.path("allocated").asLong());

        // give the seats back for the next scenarios: disconnected on one node, each site's disconnect proof posted to the other
        for (int i = 0; i < installations; i++) {
            String id = activationIds.get(i);
            String newest = jti(ok200Body(a.http().as("integrator").get("/api/v1/remote-activations/" + id + "/connection-token")));
            ok((i % 2 == 0 ? a : b).http().as("operator").postJson("/api/v1/remote-activations/" + id + "/disconnect", Map.of()), 202);
            ok((i % 2 == 0 ? b : a).http().anonymous().post("/api/v1/remote-activations/" + id + "/disconnect-proofs", "application/jwt",
                    sites.get(i).disconnectProof(id, newest)), 200);
        }
        for (String id : activationIds) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    "DISCONNECTED".equals(a.http().as("auditor").get("/api/v1/remote-activations/" + id).json().path("state").asText()));
        }
        assertThat(available("LIC-DEMO")).isEqualTo(available + installations);
    }

    /** Adds an activation of {@code seats} on one node and confirms it with a receipt on the other; waits until ACTIVE. */
    private static String activate(ClusterNode addOn, ClusterNode receiptOn, EdgeSystem installation, long seats) throws Exception {
        String activationId = ok(addOn.http().as("integrator").postJson("/api/v1/licenses/LIC-DEMO/remote-activations",
                Map.of("installationId", installation.id, "installationKey", installation.publicJwk(), "seats", seats,
                        "expiresAt", Instant.now().plus(Duration.ofDays(30)).toString())), 202).path("activationId").asText();
        String token = ok200Body(receiptOn.http().as("integrator").get("/api/v1/remote-activations/" + activationId + "/connection-token"));
        ok(receiptOn.http().anonymous().post("/api/v1/remote-activations/" + activationId + "/receipts", "application/jwt",
                installation.receipt(activationId, jti(token))), 200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                "ACTIVE".equals(addOn.http().as("auditor").get("/api/v1/remote-activations/" + activationId).json().path("state").asText()));
        return activationId;
    }

    private static JsonNode awaitUpdate(ClusterNode node, String path, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = ok(node.http().as("auditor").get(path), 200);
            return done.test(last[0]);
        });
        return last[0];
    }

    private static String ok200Body(Http.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body().strip();
    }

    @Test
    @Order(5)
    void parallelStartsOverBothNodesNeverOverspend() throws Exception {
        EdgeSystem system = EdgeSystem.link(a.http().as("operator"), "ACME");
        long credits = available("SUB-MONTHLY");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> assigned = java.util.Collections.synchronizedList(new ArrayList<>());
        runParallel(8, 40, i -> {
            ClusterNode node = i % 2 == 0 ? a : b;
            Http.Response r = node.http().as("integrator").postJson("/api/v1/systems/" + system.id + "/credit-assignments",
                    Map.of("subscriptionId", "SUB-MONTHLY", "credits", 3));
            statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
            if (r.status() == 202) {
                assigned.add(r.json().path("assignmentId").asText());
            } else {
                assertThat(r.code()).isIn("insufficient-credits", "concurrent-modification");
            }
        });
        assertThat(assigned).hasSize((int) (credits / 3));
        assertThat(available("SUB-MONTHLY")).isEqualTo(credits % 3);

        long seats = available("LIC-DEMO");
        List<String> activations = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> seatStatuses = new ConcurrentHashMap<>();
        runParallel(8, 30, i -> {
            ClusterNode node = i % 2 == 0 ? a : b;
            EdgeSystem installation = new EdgeSystem("INST-P" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
            Http.Response r = node.http().as("integrator").postJson("/api/v1/licenses/LIC-DEMO/remote-activations",
                    Map.of("installationId", installation.id, "installationKey", installation.publicJwk(), "seats", 7,
                            "expiresAt", Instant.now().plus(Duration.ofDays(30)).toString()));
            seatStatuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
            if (r.status() == 202) {
                activations.add(r.json().path("activationId").asText());
            } else {
                assertThat(r.code()).isIn("seats-exceed-license", "concurrent-modification");
            }
        });
        assertThat(activations).hasSize((int) Math.min(30, seats / 7));
        assertThat(available("LIC-DEMO")).isEqualTo(seats - 7L * activations.size());
        assertLedgerIntact();
        System.out.printf("cluster: 40 parallel assignments of 3 of %d credits over both nodes: %s (HTTP status: count);"
                + " 30 parallel adds of 7 of %d seats: %s; never overspent, ledger intact%n", credits, counts(statuses), seats,
                counts(seatStatuses));
        // give the seats and credits back for the next scenario
        for (String id : assigned) {
            ok(b.http().as("operator").postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of()), 202);
        }
        assertThat(available("SUB-MONTHLY")).isEqualTo(credits);
    }

    @Test
    @Order(6)
    void nodeKilledUnderLoadThenOtherServesAndNothingIsLostOrDoubled() throws Exception {
        EdgeSystem system = EdgeSystem.link(a.http().as("operator"), "ACME");
        long total = available("SUB-ANNUAL");

        // A batch of timers due during the crash, so node B holds jobs when it dies.
        Instant due = Instant.now().plusSeconds(20);
        List<String> timed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ClusterNode node = i % 2 == 0 ? a : b;
            timed.add(ok(node.http().as("integrator").postJson("/api/v1/systems/" + system.id + "/credit-assignments",
                    Map.of("subscriptionId", "SUB-ANNUAL", "credits", 1, "autoRevokeAt", due.toString())), 202)
                    .path("assignmentId").asText());
        }

        Load load = new Load(system);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            clients.submit(() -> load.run(thread));
        }
        // kill B while the timer batch is being worked off
        await("the timer batch due").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !Instant.now().isBefore(due.plusMillis(1500)));
        b.kill();
        long killedAt = System.nanoTime();
        load.bKilled.set(true);
        Map<String, Instant> orphaned = lockedJobs("node-b");
        System.out.printf("cluster: kill -9 %s at %s with %d jobs locked by it; load goes on%n", b, Instant.now(), orphaned.size());
        // watch B's locked jobs from the kill on: each is retried (run, or locked anew) once its lock has expired
        Map<String, Double> retriedAfter = new ConcurrentHashMap<>();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            try {
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Map<String, Instant> now = lockedJobs("node-b");
                    for (String job : orphaned.keySet()) {
                        if (!orphaned.get(job).equals(now.get(job))) {
                            retriedAfter.putIfAbsent(job, Math.round((System.nanoTime() - killedAt) / 1e8) / 10.0);
                        }
                    }
                    return retriedAfter.size() >= orphaned.size();
                });
            } catch (ConditionTimeoutException notAllRetried) {
                // the assertion below names what was not retried
            }
        });

        // A serves the load alone for a while, then B comes back
        long aStepsAtKill = load.stepsOn.get("node-a").get();
        await("A serving alone").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.stepsOn.get("node-a").get() >= aStepsAtKill + 100 || !load.failures.isEmpty());
        long restartMs = b.start();
        load.bKilled.set(false);
        System.out.printf("cluster: %s restarted, healthy %d ms after the restart (%.1f s after the kill)%n", b, restartMs,
                (System.nanoTime() - killedAt) / 1e9);
        // and serves its share of it again before the load stops
        long bStepsAtRestart = load.stepsOn.get("node-b").get();
        await("B serving again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.stepsOn.get("node-b").get() >= bStepsAtRestart + 50 || !load.failures.isEmpty());
        load.stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(load.failures).as("failed client steps").isEmpty();

        // B's locked jobs are picked up once their lock expires
        watcher.completeOnTimeout(null, 300, TimeUnit.SECONDS).join();
        assertThat(retriedAfter.keySet()).isEqualTo(orphaned.keySet());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                count("SELECT COUNT(*) FROM gf_credit_assignment WHERE system_id = '" + system.id
                        + "' AND auto_revoke_at IS NOT NULL AND state = 'REVOKED'") == timed.size());
        // nothing is left locked by a dead executor
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                count("SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ IS NOT NULL AND lock_exp_time_ < now()") == 0);

        // every 2xx a client got is there, in the state that answer promised (or later along the flow)
        for (Map.Entry<String, String> promised : load.acknowledged.entrySet()) {
            String state = ok(a.http().as("auditor").get("/api/v1/credit-assignments/" + promised.getKey()), 200).path("state").asText();
            assertThat(state).as("assignment %s acknowledged as %s", promised.getKey(), promised.getValue())
                    .isIn(laterOrEqual(promised.getValue()));
        }
        // one allocation per assignment, at most one return, and the pool equals the sum of what is still held
        long stillHeld = 0;
        Set<String> all = new HashSet<>(load.acknowledged.keySet());
        all.addAll(timed);
        for (String id : all) {
            assertThat(count("SELECT COUNT(*) FROM gf_ledger_entry WHERE holder_id = '" + id + "' AND kind = 'ALLOCATE'")).isEqualTo(1);
            long returns = count("SELECT COUNT(*) FROM gf_ledger_entry WHERE holder_id = '" + id + "' AND kind IN ('RELEASE', 'POST_RELEASE')");
            assertThat(returns).isLessThanOrEqualTo(1);
            if (returns == 0) {
                stillHeld++;
            }
        }
        long unacknowledged = count("SELECT COUNT(*) FROM gf_credit_assignment WHERE system_id = '" + system.id
                + "' AND state NOT IN ('REVOKED', 'EXPIRED')") - stillHeld;
        assertThat(count("SELECT COUNT(*) FROM gf_ledger_entry") ).isEqualTo(count("SELECT COUNT(DISTINCT movement_id) FROM gf_ledger_entry"));
        assertThat(count("SELECT COUNT(*) FROM act_ru_incident")).isZero();
        long held = count("SELECT COALESCE(SUM(held + pending), 0) FROM gf_holding WHERE pool_id = 'SUB-ANNUAL'");
        assertThat(available("SUB-ANNUAL")).isEqualTo(total - held);
        assertLedgerIntact();

        System.out.printf("cluster: load of 4 clients over both nodes: %d flows finished (A: %d, B: %d), %d steps answered 2xx"
                        + " (A: %d, B: %d), %d requests cut off by the kill and retried on A (%d of them had committed on B and were"
                        + " replayed from the Idempotency-Key), %d answers 409 retried%n",
                load.finished.get(), load.finishedOn.get("node-a").get(), load.finishedOn.get("node-b").get(), load.steps.get(),
                load.stepsOn.get("node-a").get(), load.stepsOn.get("node-b").get(), load.failedOver.get(), load.replayed.get(), load.retried.get());
        System.out.printf("cluster: %d timers fired once each across the crash; B's %d locked jobs retried %s s after the kill (lock time 10 s);"
                + " %d assignments still held (as acknowledged), %d unacknowledged; SUB-ANNUAL available %d = %d - %d held;"
                + " no incident; ledger intact%n", timed.size(), orphaned.size(), new java.util.TreeSet<>(retriedAfter.values()), stillHeld, unacknowledged,
                available("SUB-ANNUAL"), total, held);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Clients doing whole credit flows against both nodes; a request cut off by B's death is retried on A. */
    private static final class Load {
        final EdgeSystem system;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean bKilled = new AtomicBoolean();
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final AtomicLong finished = new AtomicLong();
        final AtomicLong steps = new AtomicLong();
        final AtomicLong failedOver = new AtomicLong();
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, AtomicLong> finishedOn = Map.of("node-a", new AtomicLong(), "node-b", new AtomicLong());
        final Map<String, AtomicLong> stepsOn = Map.of("node-a", new AtomicLong(), "node-b", new AtomicLong());

        Load(EdgeSystem system) {
            this.system = system;
        }

        void run(int thread) {
            int i = 0;
            while (!stop.get()) {
                i++;
                try {
                    flow(thread, i);
                } catch (AssertionError | RuntimeException e) {
                    System.out.println("cluster: load thread " + thread + " step failed: " + e);
                    failures.add(e);
                    return;
                }
            }
        }

        /** assign → (download → revoke → revoke key) or (revoke), each step on the next node in turn. */
        void flow(int thread, int i) {
            boolean downloaded = i % 2 == 0;
            JsonNode started = step(thread + i, "integrator", "/api/v1/systems/" + system.id + "/credit-assignments",
                    Map.of("subscriptionId", "SUB-ANNUAL", "credits", 1));
            String id = started.path("assignmentId").asText();
            acknowledged.put(id, "ASSIGNED");
            if (downloaded) {
                JsonNode file = step(thread + i + 1, "operator", "/api/v1/credit-assignments/" + id + "/download", null);
                acknowledged.put(id, "DOWNLOADED");
                String fileJti = file.path("jti").asText();
                String status = step(thread + i + 2, "operator", "/api/v1/credit-assignments/" + id + "/revocations", Map.of())
                        .path("status").asText();
                assertThat(status).isEqualTo("AWAITING_REVOKE_KEY");
                acknowledged.put(id, "REVOKING");
                status = step(thread + i + 3, "operator", "/api/v1/credit-assignments/" + id + "/revocations",
                        Map.of("revokeKey", system.revokeKey(id, fileJti))).path("status").asText();
                assertThat(status).isEqualTo("RETURNED");
            } else {
                String status = step(thread + i + 1, "operator", "/api/v1/credit-assignments/" + id + "/revocations", Map.of())
                        .path("status").asText();
                assertThat(status).isEqualTo("RETURNED");
            }
            acknowledged.put(id, "REVOKED");
            finished.incrementAndGet();
            finishedOn.get(lastNode.get()).incrementAndGet();
        }

        private final ThreadLocal<String> lastNode = ThreadLocal.withInitial(() -> "node-a");

        /**
         * One POST with an Idempotency-Key; a request B cannot answer is sent again, same key, to A; a 409 of a
         * concurrent step is sent again shortly, until it is answered.
         */
        JsonNode step(int turn, String user, String path, Object body) {
            String key = UUID.randomUUID().toString();
            ClusterNode[] node = {turn % 2 == 0 || bKilled.get() ? a : b};
            Http.Response r = await("an answer for " + path).atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try {
                            return post(node[0], user, path, body, key);
                        } catch (UncheckedIOException cutOff) {
                            if (node[0] != b) {
                                throw cutOff;
                            }
                            failedOver.incrementAndGet();
                            node[0] = a;
                            return null;
                        }
                    }, answer -> {
                        if (answer == null) {
                            return false;
                        }
                        if (answer.status() == 409 && List.of("concurrent-modification", "idempotency-key-in-use").contains(answer.code())) {
                            retried.incrementAndGet();
                            return false;
                        }
                        return true;
                    });
            if (r.status() / 100 != 2) {
                throw new AssertionError(node[0] + " " + path + ": " + r);
            }
            steps.incrementAndGet();
            stepsOn.get(node[0].name).incrementAndGet();
            lastNode.set(node[0].name);
            if (r.raw().headers().firstValue("Idempotent-Replayed").isPresent()) {
                replayed.incrementAndGet();
            }
            if (r.contentType().startsWith("application/jwt")) {
                return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("jti", jti(r.body()));
            }
            return r.json();
        }

        private static Http.Response post(ClusterNode node, String user, String path, Object body, String key) {
            Http http = node.http().as(user);
            return body == null
                    ? http.send(http.builder(path).header("Idempotency-Key", key).POST(java.net.http.HttpRequest.BodyPublishers.noBody()))
                    : http.postJson(path, body, key);
        }
    }

    private static String jti(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> laterOrEqual(String state) {
        List<String> order = List.of("ASSIGNED", "DOWNLOADED", "REVOKING", "REVOKED");
        List<String> allowed = new ArrayList<>(order.subList(order.indexOf(state), order.size()));
        allowed.add("EXPIRED");
        return allowed;
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    private static void runParallel(int threads, int calls, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    call.run(n);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Integer> counts(Map<Integer, AtomicInteger> statuses) {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static JsonNode ok(Http.Response r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        return r.json();
    }

    private static boolean verifiesWith(String compact, String jwks) throws Exception {
        SignedJWT jwt = SignedJWT.parse(compact);
        ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new ECDSAVerifier(key));
    }

    private static void assertLedgerIntact() {
        for (ClusterNode node : List.of(a, b)) {
            JsonNode report = node.http().as("auditor").get("/api/v1/audit/ledger/verify").json();
            assertThat(report.path("intact").asBoolean()).as("ledger on %s: %s", node, report).isTrue();
        }
    }

    private static long available(String pool) {
        return count("SELECT available FROM gf_pool WHERE id = '" + pool + "'");
    }

    private static long count(String sql) {
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Jobs locked by {@code owner}: id → lock expiry. */
    private static Map<String, Instant> lockedJobs(String owner) {
        Map<String, Instant> jobs = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                PreparedStatement s = c.prepareStatement("SELECT id_, lock_exp_time_ FROM act_ru_job WHERE lock_owner_ = ?")) {
            s.setString(1, owner);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    jobs.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return jobs;
    }
}
