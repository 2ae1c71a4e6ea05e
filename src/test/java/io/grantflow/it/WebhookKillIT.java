package io.grantflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowJar;
import io.grantflow.support.Http;
import io.grantflow.support.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks survive {@code kill -9} of the jar, on the embedded H2 file database and on PostgreSQL. ACME's admin
 * registers an endpoint at a real receiver that answers 503, links a system (its event is tried and refused, then
 * tried again and left hanging), and assigns credits (their event waits behind the first, never tried). The JVM is
 * killed while the first event's attempt is in flight; after the restart on the same database, with the receiver
 * answering 204, both events arrive with their webhook-ids, signed, and the endpoint's log says DELIVERED.
 */
class WebhookKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(250);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void killedWhileAnEventIsInFlightAndAnotherWaitsThenRestartDeliversBothWithTheirIds(String database) throws Exception {
        String pgUrl = database.equals("postgres") ? Postgres.createDatabase("gf_webhook_kill") : null;
        int port = GrantflowJar.freePort();
        List<String> args = new ArrayList<>(pgUrl == null ? List.of("--grantflow.data-dir=" + dataDir) : postgresArgs(pgUrl));
        args.addAll(List.of(
                "--grantflow.webhooks.allow-private-targets=true",
                "--grantflow.webhooks.poll-interval=PT0.2S",
                // an attempt left hanging stays in flight for 6 s (its claim holds 22 s): time enough to kill the JVM during it
                "--grantflow.webhooks.request-timeout=PT6S",
                // ten attempts a second apart at first: enough that the endpoint is never given up during the test
                "--grantflow.webhooks.retry-schedule=PT0S,PT1S,PT1S,PT1S,PT1S,PT1S,PT1S,PT1S,PT1S,PT1S"));
        GrantflowJar jar = null;
        try (Receiver receiver = new Receiver()) {
            jar = GrantflowJar.start("webhook-kill-" + database, port, args, Duration.ofSeconds(300));
            Http acme = jar.http().as("acme-admin");
            Http.Response made = acme.postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/hook")));
            assertThat(made.status()).as("%s", made).isEqualTo(201);
            String endpoint = made.json().path("id").asText();
            String secret = made.json().path("secret").asText();

            // step A: its event is tried at once and refused
            Http.Response linked = acme.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "webhook kill test",
                    "systemKey", EdgeKeyPair.create("pending").publicJwk()));
            assertThat(linked.status()).as("%s", linked).isEqualTo(201);
            String system = linked.json().path("systemId").asText();
            Received refused = await("a refused attempt of system.linked").atMost(WAIT).pollInterval(POLL)
                    .until(() -> receiver.first(r -> r.status() == 503 && system.equals(r.data().path("systemId").asText())),
                            r -> r != null);
            receiver.hangFromNowOn();

            // step B: its event waits behind A's (an endpoint's events go in order), so it is never tried before the kill
            Http.Response assigned = acme.postJson("/api/v1/systems/" + system + "/credit-assignments",
                    Map.of("subscriptionId", "SUB-ANNUAL", "credits", 1));
            assertThat(assigned.status()).as("%s", assigned).isEqualTo(202);
            String assignment = assigned.json().path("assignmentId").asText();

            // kill -9 while A's next attempt hangs at the receiver (SENDING) and B's delivery has never been tried
            Map<String, JsonNode> beforeKill = await("A's attempt in flight, B's delivery pending").atMost(WAIT).pollInterval(POLL)
                    .until(() -> byEvent(acme, endpoint), d -> "SENDING".equals(status(d, refused.id()))
                            && d.values().stream().anyMatch(x -> x.path("type").asText().equals("credits.assigned")));
            jar.kill();
            assertThat(jar.process().exitValue()).as("the JVM itself died of SIGKILL").isEqualTo(137);
            List<Received> seenBeforeKill = List.copyOf(receiver.received);
            receiver.answerNoContent();

            Map<String, JsonNode> assignedEvents = new HashMap<>(beforeKill);
            assignedEvents.values().removeIf(d -> !d.path("type").asText().equals("credits.assigned"));
            assertThat(assignedEvents).as("deliveries of step B before the kill: %s", beforeKill).isNotEmpty();
            assignedEvents.forEach((event, d) -> {
                assertThat(d.path("status").asText()).isEqualTo("PENDING");
                assertThat(d.path("attempts").asInt()).isZero();
                assertThat(seenBeforeKill).noneMatch(r -> r.id().equals(event));
            });

            jar = GrantflowJar.start("webhook-kill-" + database + "-restarted", port, args, Duration.ofSeconds(300));
            Http acmeAgain = jar.http().as("acme-admin");
            Map<String, JsonNode> after = await("every delivery DELIVERED after the restart").atMost(WAIT).pollInterval(POLL)
                    .until(() -> byEvent(acmeAgain, endpoint), d -> d.keySet().containsAll(beforeKill.keySet())
                            && d.values().stream().allMatch(x -> x.path("status").asText().equals("DELIVERED")));
            for (String event : beforeKill.keySet()) {
                assertThat(after.get(event).path("responseCode").asInt()).isEqualTo(204);
                List<Received> delivered = receiver.received.stream().filter(r -> r.id().equals(event) && r.status() == 204).toList();
                assertThat(delivered).as("204 answers to %s", event).isNotEmpty();
                assertThat(delivered).allSatisfy(r -> assertThat(verifies(secret, r)).as("signature of %s", r).isTrue());
            }
            // A: the same webhook-id and body as the attempt refused before the kill
            assertThat(receiver.received).filteredOn(r -> r.id().equals(refused.id()) && r.status() == 204)
                    .allSatisfy(r -> assertThat(r.body()).isEqualTo(refused.body()));
            assertThat(after.get(refused.id()).path("attempts").asInt()).isGreaterThanOrEqualTo(2);
            // B: its event is the assignment's
            assertThat(receiver.received).filteredOn(r -> assignedEvents.containsKey(r.id()) && r.status() == 204)
                    .allSatisfy(r -> assertThat(r.data().path("assignmentId").asText()).isEqualTo(assignment));
            System.out.printf("webhook kill (%s): %s refused before the kill and in flight at it, %s never tried;"
                    + " both delivered after the restart with their webhook-ids%n", database, refused.id(), assignedEvents.keySet());
        } finally {
            if (jar != null) {
                jar.kill();
            }
            if (pgUrl != null) {
                Postgres.drop(pgUrl);
            }
        }
    }

    private static List<String> postgresArgs(String url) {
        return List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + Postgres.PASSWORD,
                "--grantflow.keys.encryption-key=" + ClusterNode.SEALING_KEY,
                "--camunda.bpm.admin-user.password=webhook-kill-admin-password",
                "--grantflow.demo=true");
    }

    /** The endpoint's deliveries, by event id. */
    private static Map<String, JsonNode> byEvent(Http http, String endpoint) {
        Http.Response r = http.get("/api/v1/webhook-endpoints/" + endpoint + "/deliveries");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        Map<String, JsonNode> byEvent = new HashMap<>();
        r.json().forEach(d -> byEvent.put(d.path("eventId").asText(), d));
        return byEvent;
    }

    private static String status(Map<String, JsonNode> deliveries, String event) {
        JsonNode d = deliveries.get(event);
        return d == null ? null : d.path("status").asText();
    }

    /** Verifies as a Standard Webhooks receiver does: HMAC-SHA256 with the secret's bytes over id.timestamp.body. */
    private static boolean verifies(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        for (String signature : r.signature().split(" ")) {
            if (signature.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    /** One request the receiver got, and what it answered (0: left hanging). */
    record Received(String id, String timestamp, String signature, String body, int status) {
        JsonNode data() {
            try {
                return JSON.readTree(body).path("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A webhook receiver on loopback: answers 503, then leaves requests hanging, then answers 204, as told. */
    private static final class Receiver implements AutoCloseable {

        private enum Mode { REFUSE, HANG, ACCEPT }

        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile Mode mode = Mode.REFUSE;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // a thread per request: a hanging one must not hold up the next
            server.setExecutor(threads);
            server.createContext("/hook", exchange -> {
                try {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    var h = exchange.getRequestHeaders();
                    Mode now = mode;
                    int status = now == Mode.ACCEPT ? 204 : now == Mode.REFUSE ? 503 : 0;
                    received.add(new Received(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
                            body, status));
                    if (now == Mode.HANG) {
                        try {
                            release.await(10, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        status = 503;
                    }
                    exchange.sendResponseHeaders(status, -1);
                } catch (IOException senderGone) {
                    // the killed JVM's connection: nobody reads the answer
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        Received first(java.util.function.Predicate<Received> match) {
            return received.stream().filter(match).findFirst().orElse(null);
        }

        void hangFromNowOn() {
            mode = Mode.HANG;
        }

        void answerNoContent() {
            mode = Mode.ACCEPT;
            release.countDown();
        }

        @Override
        public void close() {
            answerNoContent();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
