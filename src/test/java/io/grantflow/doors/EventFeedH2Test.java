package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.shared.IntegrationEvent;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event feed over HTTP: ACME's admin walks an activation, an update, a system and a credit assignment with its
 * revoke, and reads every step back from the feed, page by page; GLOBEX and a bad query hear nothing of it.
 */
@GrantflowTest
class EventFeedH2Test {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ApplicationEventPublisher publisher;

    /** The feed's last place given so far: a cursor after which the test's own events come. */
    long lastSeq() {
        // the feed places what committed before each read, a batch at a time: read until every event has its place
        for (int read = 0; read < 100 && jdbc.queryForObject("SELECT COUNT(*) FROM gf_event WHERE feed_seq IS NULL", Integer.class) > 0; read++) {
            assertThat(Http.at(port).as("integrator").get("/api/v1/events?types=no.such-type&limit=1").status()).isEqualTo(200);
        }
        Long seq = jdbc.queryForObject("SELECT MAX(feed_seq) FROM gf_event", Long.class);
        return seq == null ? 0 : seq;
    }

    /** Every page after the cursor, {@code limit} at a time, as the caller reads them. */
    static List<JsonNode> readAll(Http caller, long after, String query, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = String.valueOf(after);
        for (int page = 0; page < 200; page++) {
            Http.Response r = caller.get("/api/v1/events?after=" + cursor + "&limit=" + limit + query);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode items = r.json().path("items");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            items.forEach(all::add);
            String next = r.json().path("next").asText();
            if (items.isEmpty()) {
                assertThat(next).as("an empty page keeps the cursor").isEqualTo(cursor);
                return all;
            }
            cursor = next;
        }
        throw new AssertionError("the feed did not end");
    }

    static List<String> typesNaming(List<JsonNode> events, Set<String> ids) {
        return events.stream().filter(e -> ids.stream().anyMatch(id -> e.path("data").toString().contains("\"" + id + "\"")))
                .map(e -> e.path("type").asText()).toList();
    }

    @Test
    void everyStepOfAcmesWalkIsInItsFeedInOrderAndNowhereElse() {
        long before = lastSeq();
        AccountIsolation s = new AccountIsolation(port, "default", "admin", context);
        s.walk();

        List<JsonNode> acme = readAll(s.acme(), before, "", 3);
        assertThat(acme).allSatisfy(e -> assertThat(e.path("data").path("accountId").asText()).isEqualTo("ACME"));
        assertThat(typesNaming(acme, Set.of(s.activation))).containsSubsequence("activation.added", "activation.active",
                "update.started", "update.awaiting-seat-configuration", "update.saved", "update.connection-token-ready",
                "update.applied");
        assertThat(typesNaming(acme, Set.of(s.system))).containsSubsequence("system.linked", "credits.assigned",
                "credits.downloaded", "credits.revoke-requested", "credits.awaiting-revoke-key");
        JsonNode added = acme.stream().filter(e -> e.path("type").asText().equals("activation.added")
                && e.path("data").path("activationId").asText().equals(s.activation)).findFirst().orElseThrow();
        assertThat(added.path("data").path("licenseId").asText()).isEqualTo(s.license);
        assertThat(added.path("data").path("seats").asLong()).isEqualTo(10);
        assertThat(added.path("data").path("actor").asText()).isEqualTo("acme-admin");
        assertThat(added.path("id").asText()).startsWith("evt_");
        JsonNode assigned = acme.stream().filter(e -> e.path("type").asText().equals("credits.assigned")
                && e.path("data").path("assignmentId").asText().equals(s.assignment)).findFirst().orElseThrow();
        assertThat(assigned.path("data").path("credits").asLong()).isEqualTo(10);
        assertThat(assigned.path("data").path("subscriptionId").asText()).isEqualTo(s.subscription);
        // no token's text in any event
        assertThat(acme).allSatisfy(e -> assertThat(e.path("data").toString()).doesNotContainPattern("ey[A-Za-z0-9_-]{10,}\\."));

        List<JsonNode> typed = readAll(s.acme(), before, "&types=credits.assigned,system.linked", 50);
        assertThat(typed).extracting(e -> e.path("type").asText()).containsOnly("credits.assigned", "system.linked");
        assertThat(typesNaming(typed, Set.of(s.system))).containsExactly("system.linked", "credits.assigned");

        Http globex = s.http().as("globex-admin");
        assertThat(typesNaming(readAll(globex, before, "", 100), Set.of(s.activation, s.system))).isEmpty();
        assertThat(typesNaming(readAll(globex, before, "&accountId=ACME", 100), Set.of(s.activation, s.system))).isEmpty();
        Http operator = s.http().as("operator");
        assertThat(typesNaming(readAll(operator, before, "&accountId=GLOBEX", 100), Set.of(s.activation, s.system))).isEmpty();
        assertThat(typesNaming(readAll(operator, before, "", 100), Set.of(s.activation))).contains("activation.added");
    }

    @Test
    void aBadCursorLimitOrTypeIsRefused() {
        Http acme = Http.at(port).as("acme-admin");
        for (String query : List.of("after=abc", "after=-1", "limit=0", "limit=501", "limit=many", "types=Credits.ASSIGNED",
                "types=credits.assigned,;drop")) {
            Http.Response r = acme.get("/api/v1/events?" + query);
            assertThat(r.status()).as(query + ": " + r).isEqualTo(400);
            assertThat(r.code()).as(query + ": " + r).isEqualTo("invalid-request");
        }
    }

    @Test
    void anEventCommitsAndRollsBackWithItsStep() {
        Long max = jdbc.queryForObject("SELECT MAX(seq) FROM gf_event", Long.class);
        long before = max == null ? 0 : max;
        tx.executeWithoutResult(status -> {
            publisher.publishEvent(new IntegrationEvent("test.rolled-back", "ACME", Map.of("n", 1)));
            status.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gf_event WHERE seq > ? AND type = 'test.rolled-back'",
                Integer.class, before)).isZero();
        tx.executeWithoutResult(status -> publisher.publishEvent(new IntegrationEvent("test.committed", "ACME", Map.of("n", 1))));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gf_event WHERE seq > ? AND type = 'test.committed'",
                Integer.class, before)).isEqualTo(1);
    }
}
