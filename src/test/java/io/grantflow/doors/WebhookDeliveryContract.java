package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Webhooks over HTTP to a real receiver on loopback ({@link WebhookReceiver}): ACME's admin registers an endpoint, walks
 * an activation and a credit assignment, and every event arrives signed as Standard Webhooks says; a failing receiver
 * gets the same webhook-id again, in order; GLOBEX's endpoint hears nothing of ACME; two workers never send one
 * delivery twice. Shared by the H2 and PostgreSQL tests.
 */
interface WebhookDeliveryContract {

    int port();

    String engine();

    String adminPassword();

    ApplicationContext context();

    /** Runs the delivery worker once, as its timer would (off in the tests). */
    default int deliverDue() {
        try {
            Object worker = context().getBean("webhookWorker");
            Method deliver = worker.getClass().getDeclaredMethod("deliverDue");
            deliver.setAccessible(true);
            return (Integer) deliver.invoke(worker);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode created(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /** Verifies as a Standard Webhooks receiver does: HMAC-SHA256 with the secret's bytes over id.timestamp.body. */
    static boolean verifies(String secret, WebhookReceiver.Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        for (String signature : r.signature().split(" ")) {
            if (signature.equals("v1," + expected)) {
                return true;
            }
        }
        return false;
    }

    static String linkSystem(Http acme) {
        return AccountIsolation.ok(acme.postJson("/api/v1/systems", Map.of("accountId", "ACME", "label", "ACME HOME",
                "systemKey", EdgeKeyPair.create("pending").publicJwk()))).json().path("systemId").asText();
    }

    @Test
    default void acmesWalkArrivesSignedAtAcmesEndpointOnly() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AccountIsolation s = new AccountIsolation(port(), engine(), adminPassword(), context());
            deliverDue();
            JsonNode acmeEndpoint = created(s.acme().postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/acme"))));
            String secret = acmeEndpoint.path("secret").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
            assertThat(acmeEndpoint.path("accountId").asText()).isEqualTo("ACME");
            String stored = context().getBean(JdbcTemplate.class).queryForObject("SELECT secret FROM gf_webhook_endpoint WHERE id = ?",
                    String.class, acmeEndpoint.path("id").asText());
            if (engine().equals("postgres")) {
                // the cluster's database key store has an encryption key: the secret is sealed with it
                assertThat(stored).startsWith("gcm1:").doesNotContain(secret.substring(6));
            } else {
                // the embedded default keeps its keys as files beside its database, and the secret as it is
                assertThat(stored).isEqualTo(secret);
            }
            JsonNode globexEndpoint = created(s.http().as("globex-admin").postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/globex"))));

            Http.Response again = s.acme().get("/api/v1/webhook-endpoints/" + acmeEndpoint.path("id").asText());
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).doesNotContain(secret.substring(6));
            assertThat(s.acme().get("/api/v1/webhook-endpoints").body()).doesNotContain(secret.substring(6));
            Http.Response foreign = s.http().as("globex-admin").get("/api/v1/webhook-endpoints/" + acmeEndpoint.path("id").asText());
            assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
            assertThat(foreign.code()).isEqualTo("not-found");
            Http.Response operator = s.http().as("operator").get("/api/v1/webhook-endpoints");
            assertThat(operator.status()).as(operator.toString()).isEqualTo(403);
            assertThat(s.http().as("admin", adminPassword()).get("/api/v1/webhook-endpoints/" + acmeEndpoint.path("id").asText()).status())
                    .isEqualTo(200);

            s.acmePools();
            s.addActivation();
            s.receipt(s.downloadConnectionToken());
            s.linkSystem();
            s.assign();
            s.downloadCreditFile();
            assertThat(deliverDue()).isGreaterThanOrEqualTo(5);

            List<WebhookReceiver.Received> acme = receiver.at("/acme");
            assertThat(acme).allSatisfy(r -> {
                assertThat(verifies(secret, r)).as("signature of " + r).isTrue();
                assertThat(r.json().path("data").path("accountId").asText()).isEqualTo("ACME");
                assertThat(Math.abs(Long.parseLong(r.timestamp()) - System.currentTimeMillis() / 1000)).isLessThan(300);
            });
            assertThat(acme.stream().filter(r -> r.body().contains(s.activation) || r.body().contains(s.system))
                    .map(r -> r.json().path("type").asText()).toList())
                    .containsSubsequence("activation.added", "activation.active", "system.linked", "credits.assigned", "credits.downloaded");
            assertThat(acme).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
            // the webhook-id is the event's id in the feed
            JsonNode feed = s.acme().get("/api/v1/events?types=system.linked&limit=500").json().path("items");
            String linkedId = null;
            for (JsonNode e : feed) {
                if (e.path("data").path("systemId").asText().equals(s.system)) {
                    linkedId = e.path("id").asText();
                }
            }
            assertThat(acme).extracting(WebhookReceiver.Received::id).contains(linkedId);
            assertThat(receiver.at("/globex")).noneMatch(r -> r.body().contains("\"ACME\"") || r.body().contains(s.system));

            Http.Response log = s.acme().get("/api/v1/webhook-endpoints/" + acmeEndpoint.path("id").asText() + "/deliveries");
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.json()).allSatisfy(d -> {
                assertThat(d.path("status").asText()).isEqualTo("DELIVERED");
                assertThat(d.path("responseCode").asInt()).isEqualTo(204);
                assertThat(d.path("attempts").asInt()).isEqualTo(1);
            });
            s.acme().send(s.acme().builder("/api/v1/webhook-endpoints/" + acmeEndpoint.path("id").asText()).DELETE());
            s.http().as("globex-admin").send(s.http().as("globex-admin").builder("/api/v1/webhook-endpoints/"
                    + globexEndpoint.path("id").asText()).DELETE());        }
    }

    @Test
    default void aFailingReceiverGetsTheSameWebhookIdAgainAndTheNextEventOnlyAfterIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http acme = Http.at(port()).as("acme-admin");
            deliverDue();
            JsonNode endpoint = created(acme.postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/flaky"), "events", List.of("system.linked"))));
            String id = endpoint.path("id").asText();
            receiver.failNext.set(1);
            String first = linkSystem(acme);
            String second = linkSystem(acme);
            assertThat(deliverDue()).isEqualTo(1);
            assertThat(receiver.at("/flaky")).hasSize(1);
            JsonNode log = acme.get("/api/v1/webhook-endpoints/" + id + "/deliveries").json();
            JsonNode failed = log.get(log.size() - 1);
            assertThat(failed.path("status").asText()).isEqualTo("PENDING");
            assertThat(failed.path("attempts").asInt()).isEqualTo(1);
            assertThat(failed.path("responseCode").asInt()).isEqualTo(500);
            assertThat(failed.path("nextAttemptAt").asText()).isNotEmpty();
            // the receiver is slow to recover: nothing more until the retry is due, not even the second event
            assertThat(deliverDue()).isZero();

            // the retry's time comes (5 s on the schedule)
            context().getBean(JdbcTemplate.class).update("UPDATE gf_webhook_delivery SET next_attempt_at = ? WHERE endpoint_id = ? AND status = 'PENDING'",
                    java.time.OffsetDateTime.ofInstant(context().getBean(java.time.Clock.class).instant(), java.time.ZoneOffset.UTC), id);
            assertThat(deliverDue()).isEqualTo(2);
            List<WebhookReceiver.Received> got = receiver.at("/flaky");
            assertThat(got).hasSize(3);
            assertThat(got.get(1).id()).as("the retry carries the same webhook-id").isEqualTo(got.get(0).id());
            assertThat(got.get(0).body()).contains(first);
            assertThat(got.get(2).body()).contains(second);
            String secret = endpoint.path("secret").asText();
            for (WebhookReceiver.Received r : got) {
                assertThat(verifies(secret, r)).isTrue();
            }
            JsonNode after = acme.get("/api/v1/webhook-endpoints/" + id + "/deliveries").json();
            assertThat(after).allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("DELIVERED"));
            assertThat(after.get(after.size() - 1).path("attempts").asInt()).isEqualTo(2);

            // redelivery of one, and a rotated secret signs it
            JsonNode rotated = acme.postJson("/api/v1/webhook-endpoints/" + id + "/rotate-secret", Map.of()).json();
            assertThat(rotated.path("secret").asText()).startsWith("whsec_").isNotEqualTo(secret);
            Http.Response redeliver = acme.postJson("/api/v1/webhook-endpoints/" + id + "/deliveries/" + after.get(0).path("id").asText()
                    + "/redeliver", Map.of());
            assertThat(redeliver.status()).as(redeliver.toString()).isEqualTo(202);
            assertThat(deliverDue()).isEqualTo(1);
            WebhookReceiver.Received redelivered = receiver.at("/flaky").get(3);
            assertThat(redelivered.id()).isEqualTo(got.get(2).id());
            assertThat(verifies(rotated.path("secret").asText(), redelivered)).isTrue();
            assertThat(verifies(secret, redelivered)).as("the old secret still signs during the overlap").isTrue();
            assertThat(redelivered.signature().split(" ")).hasSize(2);

            // disabled: nothing more is sent
            assertThat(acme.postJson("/api/v1/webhook-endpoints/" + id + "/disable", Map.of()).json().path("enabled").asBoolean()).isFalse();
            linkSystem(acme);
            deliverDue();
            assertThat(receiver.at("/flaky")).hasSize(4);
            acme.send(acme.builder("/api/v1/webhook-endpoints/" + id).DELETE());
            assertThat(acme.get("/api/v1/webhook-endpoints/" + id).status()).isEqualTo(404);        }
    }

    @Test
    default void anEndpointThatFailsEveryAttemptOfTheScheduleIsDisabled() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http acme = Http.at(port()).as("acme-admin");
            deliverDue();
            String id = created(acme.postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/down"),
                    "events", List.of("system.linked")))).path("id").asText();
            receiver.failNext.set(1000);
            linkSystem(acme);
            for (int attempt = 1; attempt <= 8; attempt++) {
                // the attempt's time comes
                context().getBean(JdbcTemplate.class).update("UPDATE gf_webhook_delivery SET next_attempt_at = ? WHERE endpoint_id = ?"
                        + " AND status = 'PENDING'", java.time.OffsetDateTime.ofInstant(context().getBean(java.time.Clock.class).instant(),
                        java.time.ZoneOffset.UTC), id);
                assertThat(deliverDue()).as("attempt " + attempt).isEqualTo(1);
            }
            assertThat(receiver.at("/down")).hasSize(8).extracting(WebhookReceiver.Received::id).containsOnly(receiver.at("/down").get(0).id());
            JsonNode log = acme.get("/api/v1/webhook-endpoints/" + id + "/deliveries").json();
            assertThat(log.get(0).path("status").asText()).isEqualTo("FAILED");
            assertThat(log.get(0).path("attempts").asInt()).isEqualTo(8);
            assertThat(log.get(0).path("responseCode").asInt()).isEqualTo(500);
            JsonNode disabled = acme.get("/api/v1/webhook-endpoints/" + id).json();
            assertThat(disabled.path("enabled").asBoolean()).isFalse();
            assertThat(disabled.path("disabledReason").asText()).contains("every attempt (8)", log.get(0).path("id").asText(), "500");

            // its owner hears it: the account's feed says which endpoint stopped and why
            JsonNode told = null;
            for (JsonNode e : acme.get("/api/v1/events?types=webhook-endpoint.disabled&limit=500").json().path("items")) {
                if (e.path("data").path("endpointId").asText().equals(id)) {
                    told = e;
                }
            }
            assertThat(told).as("webhook-endpoint.disabled in ACME's feed").isNotNull();
            assertThat(told.path("data").path("accountId").asText()).isEqualTo("ACME");
            assertThat(told.path("data").path("eventId").asText()).isEqualTo(receiver.at("/down").get(0).id());
            assertThat(told.path("data").path("reason").asText()).isEqualTo(disabled.path("disabledReason").asText());
            assertThat(told.path("data").path("actor").asText()).isEqualTo("grantflow");
            assertThat(told.toString()).doesNotContain("whsec_");
            assertThat(Http.at(port()).as("globex-admin").get("/api/v1/events?types=webhook-endpoint.disabled&limit=500").body())
                    .doesNotContain(id);

            // while it is off, an event happens; the receiver recovers; its owner turns it on and asks for everything since
            String whileOff = linkSystem(acme);
            assertThat(deliverDue()).isZero();
            receiver.failNext.set(0);
            JsonNode enabled = acme.postJson("/api/v1/webhook-endpoints/" + id + "/enable", Map.of()).json();
            assertThat(enabled.path("enabled").asBoolean()).isTrue();
            assertThat(enabled.path("disabledReason").isNull() || enabled.path("disabledReason").isMissingNode()).isTrue();
            String since = told.path("occurredAt").asText();
            Http.Response future = acme.postJson("/api/v1/webhook-endpoints/" + id + "/redeliver", Map.of("since", "2999-01-01T00:00:00Z"));
            assertThat(future.status()).as(future.toString()).isEqualTo(400);
            assertThat(future.code()).isEqualTo("invalid-request");
            Http.Response noSince = acme.postJson("/api/v1/webhook-endpoints/" + id + "/redeliver", Map.of());
            assertThat(noSince.status()).as(noSince.toString()).isEqualTo(400);
            Http.Response foreign = Http.at(port()).as("globex-admin").postJson("/api/v1/webhook-endpoints/" + id + "/redeliver",
                    Map.of("since", since));
            assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
            assertThat(deliverDue()).as("nothing was queued by the refused requests").isZero();

            String failedAt = receiver.at("/down").get(0).json().path("timestamp").asText();
            Http.Response again = acme.postJson("/api/v1/webhook-endpoints/" + id + "/redeliver", Map.of("since", failedAt));
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            assertThat(again.json().path("deliveries").asInt()).as("the given-up delivery and the event while off").isEqualTo(2);
            assertThat(deliverDue()).isEqualTo(2);
            List<WebhookReceiver.Received> got = receiver.at("/down");
            assertThat(got).hasSize(10);
            assertThat(got.get(8).id()).as("the given-up event again, with its own webhook-id").isEqualTo(got.get(0).id());
            assertThat(got.get(9).body()).contains(whileOff);
            acme.send(acme.builder("/api/v1/webhook-endpoints/" + id).DELETE());
        }
    }

    /** Publishes a test event in its own transaction, which commits when {@code commit} opens. */
    private Thread slowStep(String type, java.util.concurrent.CountDownLatch published, java.util.concurrent.CountDownLatch commit) {
        Thread t = new Thread(() -> context().getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(tx -> {
            context().publishEvent(new io.grantflow.shared.IntegrationEvent(type, "ACME", Map.of("step", "slow")));
            published.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        t.start();
        return t;
    }

    @Test
    default void theFeedNeverSkipsAnEventWhoseStepCommittedLate() throws Exception {
        Http admin = Http.at(port()).as("integrator");
        String types = "types=feed-order.slow,feed-order.fast&limit=500";
        String start = admin.get("/api/v1/events?" + types).json().path("next").asText();
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        // the slow step inserts its event first and commits last
        Thread slow = slowStep("feed-order.slow", published, commit);
        String cursor;
        try {
            assertThat(published.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            context().getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(tx ->
                    context().publishEvent(new io.grantflow.shared.IntegrationEvent("feed-order.fast", "ACME", Map.of("step", "fast"))));
            JsonNode first = admin.get("/api/v1/events?" + types + "&after=" + start).json();
            assertThat(first.path("items")).extracting(e -> e.path("type").asText()).containsExactly("feed-order.fast");
            cursor = first.path("next").asText();
        } finally {
            commit.countDown();
            slow.join(30_000);
        }
        // a reader that already passed the fast step's event still gets the slow one, after it
        JsonNode next = admin.get("/api/v1/events?" + types + "&after=" + cursor).json();
        assertThat(next.path("items")).extracting(e -> e.path("type").asText()).containsExactly("feed-order.slow");
        assertThat(admin.get("/api/v1/events?" + types + "&after=" + start).json().path("items"))
                .extracting(e -> e.path("type").asText()).containsExactly("feed-order.fast", "feed-order.slow");
    }

    @Test
    default void eventsPastRetentionGoWithTheirFinishedDeliveriesAndOneStillToSendStays() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http acme = Http.at(port()).as("acme-admin");
            deliverDue();
            String id = created(acme.postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/old"),
                    "events", List.of("system.linked")))).path("id").asText();
            String delivered = linkSystem(acme);
            assertThat(deliverDue()).isEqualTo(1);
            receiver.failNext.set(1000);
            String pending = linkSystem(acme);
            assertThat(deliverDue()).isEqualTo(1);
            JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
            java.time.Instant now = context().getBean(java.time.Clock.class).instant();
            for (String system : List.of(delivered, pending)) {
                assertThat(jdbc.update("UPDATE gf_event SET occurred_at = ? WHERE type = 'system.linked' AND data LIKE ?",
                        java.time.OffsetDateTime.ofInstant(now.minus(java.time.Duration.ofDays(31)), java.time.ZoneOffset.UTC),
                        "%" + system + "%")).isEqualTo(1);
            }
            Object retention = context().getBean("eventRetention");
            Method purge = retention.getClass().getDeclaredMethod("purgeOccurredBefore", java.time.Instant.class);
            purge.setAccessible(true);
            int purged = (Integer) purge.invoke(retention, now.minus(java.time.Duration.ofDays(30)));
            assertThat(purged).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gf_event WHERE data LIKE ?", Integer.class, "%" + delivered + "%")).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gf_event WHERE data LIKE ?", Integer.class, "%" + pending + "%")).isOne();
            JsonNode log = acme.get("/api/v1/webhook-endpoints/" + id + "/deliveries").json();
            assertThat(log).hasSize(1);
            assertThat(log.get(0).path("status").asText()).isEqualTo("PENDING");
            assertThat(acme.get("/api/v1/events?types=system.linked&limit=500").body()).doesNotContain(delivered).contains(pending);
            acme.send(acme.builder("/api/v1/webhook-endpoints/" + id).DELETE());
        }
    }

    @Test
    default void twoWorkersNeverSendOneDeliveryTwice() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http acme = Http.at(port()).as("acme-admin");
            deliverDue();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(created(acme.postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/race" + i), "events", List.of("system.linked"))))
                        .path("id").asText());
            }
            for (int i = 0; i < 5; i++) {
                linkSystem(acme);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<Integer> work = this::deliverDue;
                List<Future<Integer>> runs = pool.invokeAll(List.of(work, work));
                assertThat(runs.get(0).get() + runs.get(1).get()).isGreaterThanOrEqualTo(20);
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < 4; i++) {
                assertThat(receiver.at("/race" + i)).hasSize(5).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();
            }
            for (String id : ids) {
                acme.send(acme.builder("/api/v1/webhook-endpoints/" + id).DELETE());
            }        }
    }

    @Test
    default void linkLocalAndOtherSchemesAreRefused() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Http acme = Http.at(port()).as("acme-admin");
            for (String url : List.of("https://169.254.169.254/latest/meta-data", "http://[fe80::1]/hook", "ftp://example.com/hook",
                    "https://0.0.0.0/hook", "not a url", "https://user:pw@127.0.0.1/hook")) {
                Http.Response r = acme.postJson("/api/v1/webhook-endpoints", Map.of("url", url));
                assertThat(r.status()).as(url + ": " + r).isEqualTo(400);
                assertThat(r.code()).as(url + ": " + r).isIn("webhook-url-refused", "invalid-request");
            }
            Http.Response badType = acme.postJson("/api/v1/webhook-endpoints", Map.of("url", receiver.url("/x"), "events", List.of("Not A Type")));
            assertThat(badType.code()).isEqualTo("invalid-request");        }
    }
}
