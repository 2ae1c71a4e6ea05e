package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Grantflow's webhook deliveries verify with the Standard Webhooks reference library for Node ({@code standardwebhooks},
 * {@code src/test/webhooks-node/verify.mjs}), as an integrator's receiver would; a tampered body does not.
 * Needs Node.js and the npm registry; skipped with a message where Node is absent, and required when CI=true.
 */
@GrantflowTest
class WebhookStandardLibraryTest {

    static final Path SOURCES = Path.of("src/test/webhooks-node");
    static final Path WORK = Path.of("target/webhooks-node");
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort int port;
    @Autowired ApplicationContext context;

    /** Runs the delivery worker once, as its timer would (off in the tests). */
    int deliverDue() {
        try {
            Object worker = context.getBean("webhookWorker");
            java.lang.reflect.Method deliver = worker.getClass().getDeclaredMethod("deliverDue");
            deliver.setAccessible(true);
            return (Integer) deliver.invoke(worker);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The verdicts of verify.mjs, one per delivery. */
    static List<JsonNode> verifyWithNode(List<Map<String, Object>> deliveries) throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "verify.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/standardwebhooks"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                    .redirectErrorStream(true).start();
            String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
            assertThat(install.exitValue()).as(log).isZero();
        }
        Process node = new ProcessBuilder("node", "verify.mjs").directory(WORK.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = node.getOutputStream()) {
            for (Map<String, Object> d : deliveries) {
                in.write((JSON.writeValueAsString(d) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        List<JsonNode> verdicts = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                verdicts.add(JSON.readTree(line));
            }
        }
        assertThat(node.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return verdicts;
    }

    static Map<String, Object> delivery(String secret, WebhookReceiver.Received r, String body) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("secret", secret);
        d.put("headers", Map.of("webhook-id", r.id(), "webhook-timestamp", r.timestamp(), "webhook-signature", r.signature()));
        d.put("body", body);
        return d;
    }

    @Test
    void everyDeliveryOfAWalkVerifiesWithTheReferenceLibrary() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean hasNode = new ProcessBuilder("sh", "-c", "command -v node && command -v npm").start().waitFor() == 0;
        Assumptions.assumeTrue(hasNode || ci, "Node.js is not installed: the standardwebhooks check is skipped");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AccountIsolation s = new AccountIsolation(port, "default", "admin", context);
            deliverDue();
            Http.Response made = s.acme().postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/node")));
            assertThat(made.status()).as(made.toString()).isEqualTo(201);
            String secret = made.json().path("secret").asText();
            s.walk();
            deliverDue();
            List<WebhookReceiver.Received> got = receiver.at("/node");
            assertThat(got).hasSizeGreaterThanOrEqualTo(12);

            List<Map<String, Object>> deliveries = new ArrayList<>();
            got.forEach(r -> deliveries.add(delivery(secret, r, r.body())));
            WebhookReceiver.Received first = got.get(0);
            deliveries.add(delivery(secret, first, first.body().replace("\"ACME\"", "\"GLOBEX\"")));
            List<JsonNode> verdicts = verifyWithNode(deliveries);
            assertThat(verdicts).hasSize(got.size() + 1);
            for (int i = 0; i < got.size(); i++) {
                assertThat(verdicts.get(i).path("ok").asBoolean()).as(verdicts.get(i) + " for " + got.get(i)).isTrue();
                assertThat(verdicts.get(i).path("type").asText()).isEqualTo(got.get(i).json().path("type").asText());
            }
            assertThat(verdicts.get(got.size()).path("ok").asBoolean()).as("a tampered body").isFalse();
            assertThat(got.stream().map(r -> r.json().path("type").asText()).toList()).contains("activation.added",
                    "activation.active", "update.started", "update.saved", "update.applied", "system.linked", "credits.assigned",
                    "credits.downloaded", "credits.revoke-requested", "credits.awaiting-revoke-key");
            s.acme().send(s.acme().builder("/api/v1/webhook-endpoints/" + made.json().path("id").asText()).DELETE());
        }
    }
}
