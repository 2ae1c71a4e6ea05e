package io.grantflow.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call-in loop against a scripted portal: what it posts, what it applies, what it answers. */
class CallInSyncTest {

    @TempDir
    Path tmp;

    private final FakeGrantflowKeys grantflow = new FakeGrantflowKeys();
    private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Deque<Function<Call, Answer>> script = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private HttpServer server;
    private String portal;

    record Call(String bearer, JsonNode body) {
        List<String> receipts() {
            List<String> out = new ArrayList<>();
            body.path("receipts").forEach(n -> out.add(n.asText()));
            return out;
        }

        List<String> revokeKeys() {
            List<String> out = new ArrayList<>();
            body.path("revokeKeys").forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    record Answer(int status, Object body) {
        static Answer ok(Map<String, Object> fields) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("edgeId", "edge", "serverTime", "2030-01-01T00:00:00Z",
                    "connectionTokens", List.of(), "creditFiles", List.of(), "revokes", List.of(), "accepted", List.of(), "refused", List.of()));
            body.putAll(fields);
            return new Answer(200, body);
        }
    }

    @BeforeEach
    void portal() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/edge/call-in", exchange -> {
            Call call = new Call(exchange.getRequestHeaders().getFirst("Authorization").substring(7),
                    EdgeHome.JSON.readTree(exchange.getRequestBody()));
            calls.add(call);
            Function<Call, Answer> next = script.poll();
            Answer answer = next == null ? Answer.ok(Map.of()) : next.apply(call);
            byte[] bytes = EdgeHome.JSON.writeValueAsString(answer.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.status() == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        portal = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AgentRunner edge(String kind, String id) {
        AgentRunner edge = new AgentRunner(tmp.resolve(id));
        edge.run("init", "--kind", kind, "--id", id);
        edge.run("trust", "--jwks", grantflow.writeJwks(tmp).toString());
        return edge;
    }

    @Test
    void callInAppliesConnectionTokenAndPostsItsReceiptAtOnce() throws Exception {
        AgentRunner installation = edge("installation", "IN-1");
        String connection = grantflow.connection("IN-1", "ACT-1", 12).sign();
        script.add(call -> Answer.ok(Map.of("connectionTokens", List.of(connection))));
        script.add(call -> Answer.ok(Map.of("accepted", List.of(jti(call.receipts().get(0))))));

        AgentRunner.Result sync = installation.run("call-in", "--portal", portal);

        assertThat(sync.exit()).as(sync.toString()).isZero();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).receipts()).isEmpty();
        SignedJWT receipt = SignedJWT.parse(calls.get(1).receipts().get(0));
        assertThat(receipt.getJWTClaimsSet().getStringClaim("connection_jti")).isEqualTo(jti(connection));
        assertThat(sync.out()).contains("receipt for ACT-1 accepted");
        assertThat(installation.run("status").out()).contains("activation ACT-1: 12 seats").doesNotContain("not yet confirmed");
    }

    @Test
    void everyCallInCarriesAFreshShortLivedBearerOfTheEdge() throws Exception {
        AgentRunner system = edge("system", "SYS-1");
        system.run("call-in", "--portal", portal);
        system.run("call-in", "--portal", portal);

        assertThat(calls).hasSize(2);
        for (Call call : calls) {
            SignedJWT bearer = SignedJWT.parse(call.bearer());
            assertThat(bearer.verify(new ECDSAVerifier(system.publicKey()))).isTrue();
            assertThat(bearer.getHeader().getType().getType()).isEqualTo("callin+jwt");
            assertThat(bearer.getJWTClaimsSet().getIssuer()).isEqualTo("SYS-1");
            assertThat(bearer.getJWTClaimsSet().getSubject()).isEqualTo("SYS-1");
            assertThat(bearer.getJWTClaimsSet().getAudience()).containsExactly("grantflow");
            assertThat(Duration.between(bearer.getJWTClaimsSet().getIssueTime().toInstant(),
                    bearer.getJWTClaimsSet().getExpirationTime().toInstant())).isLessThanOrEqualTo(Duration.ofMinutes(10));
        }
        assertThat(jti(calls.get(0).bearer())).isNotEqualTo(jti(calls.get(1).bearer()));
    }

    @Test
    void callInAppliesCreditFilesAndAnswersRevokesWithRevokeKeys() throws Exception {
        AgentRunner system = edge("system", "SYS-1");
        String held = grantflow.credits("SYS-1", "ASG-1", 10).sign();
        system.runWithInput(held, "apply", "-");
        String arriving = grantflow.credits("SYS-1", "ASG-2", 20).sign();
        script.add(call -> Answer.ok(Map.of("creditFiles", List.of(arriving),
                "revokes", List.of(Map.of("assignmentId", "ASG-1", "fileJti", jti(held))))));
        script.add(call -> Answer.ok(Map.of("accepted", List.of(jti(call.revokeKeys().get(0))))));

        AgentRunner.Result sync = system.run("call-in", "--portal", portal);

        assertThat(sync.exit()).as(sync.toString()).isZero();
        assertThat(calls).hasSize(2);
        SignedJWT revokeKey = SignedJWT.parse(calls.get(1).revokeKeys().get(0));
        assertThat(revokeKey.getJWTClaimsSet().getSubject()).isEqualTo("ASG-1");
        assertThat(revokeKey.getJWTClaimsSet().getStringClaim("file_jti")).isEqualTo(jti(held));
        assertThat(system.run("status").out()).contains("assignment ASG-2: 20 credits").doesNotContain("ASG-1")
                .contains("credits: 20 held");
    }

    @Test
    void callInDoesNotAnswerARevokeWhileTheCreditsAreInUse() throws Exception {
        AgentRunner system = edge("system", "SYS-1");
        String held = grantflow.credits("SYS-1", "ASG-1", 10).sign();
        system.runWithInput(held, "apply", "-");
        system.run("use", "--credits", "2", "--resource", "printer");
        script.add(call -> Answer.ok(Map.of("revokes", List.of(Map.of("assignmentId", "ASG-1", "fileJti", jti(held))))));

        AgentRunner.Result sync = system.run("call-in", "--portal", portal);

        assertThat(sync.exit()).as(sync.toString()).isZero();
        assertThat(sync.out()).contains("cannot answer the revoke of assignment ASG-1: credits-in-use");
        assertThat(calls).hasSize(1);
        assertThat(system.run("status").out()).contains("credits: 10 held, 2 in use");
    }

    @Test
    void refusedItemsLeaveTheOutboxAndUnansweredOnesStay() throws Exception {
        AgentRunner system = edge("system", "SYS-1");
        system.runWithInput(grantflow.credits("SYS-1", "ASG-1", 10).sign(), "apply", "-");
        system.runWithInput(grantflow.credits("SYS-1", "ASG-2", 10).sign(), "apply", "-");
        String first = system.run("revoke-key", "--assignment", "ASG-1").out().strip();
        script.add(call -> Answer.ok(Map.of("refused", List.of(Map.of("kind", "revokeKey", "code", "token-unknown-subject",
                "detail", "No assignment for revoke key " + jti(first))))));

        AgentRunner.Result sync = system.run("call-in", "--portal", portal);
        assertThat(sync.out()).contains("revoke-key for ASG-1 refused: token-unknown-subject");
        assertThat(system.run("status").out()).doesNotContain("not yet confirmed");

        system.run("revoke-key", "--assignment", "ASG-2");
        system.run("call-in", "--portal", portal);
        assertThat(calls.get(calls.size() - 1).revokeKeys()).hasSize(1);
        assertThat(system.run("status").out()).contains("not yet confirmed by Grantflow").contains("revoke-key ASG-2");
    }

    @Test
    void everyRepeatsTheSyncAndKeepsGoingAfterAFailedRound() throws Exception {
        AgentRunner system = edge("system", "SYS-1");
        script.add(call -> new Answer(503, Map.of("status", 503, "code", "unavailable", "detail", "Restarting")));
        java.util.concurrent.atomic.AtomicReference<AgentRunner.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread daemon = new Thread(() -> result.set(system.run("call-in", "--portal", portal, "--every", "1s")));
        daemon.start();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> calls.size() >= 3);
        daemon.interrupt();
        daemon.join(10_000);

        assertThat(result.get().exit()).isZero();
        assertThat(result.get().err()).startsWith("error: unavailable: ");
        assertThat(result.get().out()).contains("called in at ");
    }

    @Test
    void refusedBearerIsOneLineWithItsCode() {
        AgentRunner system = edge("system", "SYS-1");
        script.add(call -> new Answer(401, Map.of("status", 401, "title", "Unauthorized", "code", "token-unknown-key",
                "detail", "No registered installation or system 'SYS-1'")));

        AgentRunner.Result sync = system.run("call-in", "--portal", portal);

        assertThat(sync.exit()).isEqualTo(1);
        assertThat(sync.err()).startsWith("error: token-unknown-key: ").contains("401").hasLineCount(1);
    }

    @Test
    void unreachablePortalIsOneLine() {
        AgentRunner system = edge("system", "SYS-1");

        AgentRunner.Result sync = system.run("call-in", "--portal", "http://127.0.0.1:1");

        assertThat(sync.exit()).isEqualTo(1);
        assertThat(sync.err()).startsWith("error: portal-unreachable: ").hasLineCount(1);
    }

    private static String jti(String compact) {
        try {
            return SignedJWT.parse(compact).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
