package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.activation.InProcessActivations;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.InProcessCredits;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.ledger.HolderBalance;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.ledger.Movement;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import io.grantflow.support.QueryPlans;
import io.grantflow.tokens.EdgeKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every holding has a flow of its holder's running behind it (the timer or the proof that returns it): an
 * administrator who deletes that flow ({@code skipCustomListeners=true}) or moves it to its end event leaves seats or
 * credits held that nothing will ever return, and the verifier names the holder as {@code orphaned-holding}. Healthy
 * flows report none. Run on H2 and PostgreSQL; each test puts its orphans right afterwards, so that other tests of the
 * shared context find the ledger intact.
 */
interface OrphanedHoldingsContract {

    ApplicationContext context();

    Http admin();

    Http auditor();

    /** {@code /engine-rest}, or the path of this context's engine when it is not the default one. */
    String engineRest();

    boolean postgres();

    default <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    default Instant now() {
        return bean(Clock.class).instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A license of 100 with an ACTIVE activation of 10 seats (added, receipted): its lifecycle flow runs. */
    default String[] activeActivation() {
        InProcessActivations activations = new InProcessActivations(context());
        String lic = "LIC-" + UUID.randomUUID();
        bean(TransactionTemplate.class).executeWithoutResult(s -> bean(Licenses.class).create(lic, "ACME", 100,
                now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        String id = activations.add(lic, key.id(), key.publicJwk(), 10, now().plus(Duration.ofDays(100)), "operator");
        String jti = activations.currentConnectionJti(id);
        activations.receipt(id, key.token("receipt+jwt", id).issuedAt(now()).ttl(Duration.ofMinutes(5)).claim("connection_jti", jti).sign());
        assertThat(activations.state(id)).isEqualTo("ACTIVE");
        return new String[] {lic, id};
    }

    /** A subscription of 100 with 10 credits assigned to an offline system, downloaded: its credit-assignment flow waits for the end. */
    default String[] downloadedAssignment() {
        InProcessCredits credits = new InProcessCredits(context());
        String sub = "SUB-" + UUID.randomUUID();
        bean(TransactionTemplate.class).executeWithoutResult(s -> bean(Subscriptions.class).create(sub, "ACME", "ANNUAL",
                SubscriptionState.ACTIVE, 100, now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair system = EdgeKeyPair.create("SYS-O" + UUID.randomUUID().toString().substring(0, 13).toUpperCase());
        bean(TransactionTemplate.class).executeWithoutResult(s -> credits.link(system.id(), "ACME", "Orphan test system",
                EdgeKeys.parsePublicKey(system.publicJwk())));
        String id = bean(TransactionTemplate.class).execute(s -> credits.assign(system.id(), sub, 10, null, "operator")).assignmentId();
        credits.download(id, "operator");
        return new String[] {sub, id};
    }

    default List<ProcessInstance> flows(String holder) {
        return bean(RuntimeService.class).createProcessInstanceQuery().processInstanceBusinessKey(holder).list();
    }

    default JsonNode verify() {
        Http.Response r = auditor().get("/api/v1/audit/ledger/verify");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static List<JsonNode> orphans(JsonNode report, String holder) {
        List<JsonNode> found = new ArrayList<>();
        report.path("broken").forEach(b -> {
            if ("orphaned-holding".equals(b.path("kind").asText()) && holder.equals(b.path("holder").asText())) {
                found.add(b);
            }
        });
        return found;
    }

    /** What the holder holds goes back and its row says it ended, as if its flow had returned it. */
    default void putRight(String pool, String holder, String table) {
        bean(TransactionTemplate.class).executeWithoutResult(s -> {
            HolderBalance held = bean(LedgerService.class).holding(pool, holder);
            bean(LedgerService.class).release(new Movement("test-repair:" + holder, pool, holder, held.held(), "test-repair", null, null, "test"));
            bean(JdbcTemplate.class).update("UPDATE " + table + " SET state = 'EXPIRED' WHERE id = ?", holder);
        });
        assertThat(orphans(verify(), holder)).isEmpty();
        assertThat(bean(LedgerVerifier.class).verifyPool(pool).broken()).isEmpty();
    }

    @Test
    default void activationWhenAdminDeletesItsFlowsSkippingListenersThenOrphanedHoldingNamesIt() {
        String[] act = activeActivation();
        assertThat(orphans(verify(), act[1])).isEmpty();
        List<ProcessInstance> flows = flows(act[1]);
        assertThat(flows).as("the lifecycle stands behind the seats").isNotEmpty();
        for (ProcessInstance pi : flows) {
            Http.Response r = admin().send(admin().builder(engineRest() + "/process-instance/" + pi.getId() + "?skipCustomListeners=true").DELETE());
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
        }
        try {
            List<JsonNode> found = orphans(verify(), act[1]);
            assertThat(found).as(verify().toString()).hasSize(1);
            assertThat(found.get(0).path("poolId").asText()).isEqualTo(act[0]);
            assertThat(found.get(0).path("problem").asText()).contains("activation " + act[1]).contains("(ACTIVE)").contains("10");
            assertThat(bean(LedgerVerifier.class).verifyPool(act[0]).broken()).anySatisfy(b -> {
                assertThat(b.kind()).isEqualTo("orphaned-holding");
                assertThat(b.holder()).isEqualTo(act[1]);
            });
        } finally {
            putRight(act[0], act[1], "gf_remote_activation");
        }
    }

    @Test
    default void assignmentWhenAdminMovesItsFlowToTheEndThenOrphanedHoldingNamesIt() {
        String[] credit = downloadedAssignment();
        assertThat(orphans(verify(), credit[1])).isEmpty();
        List<ProcessInstance> flows = flows(credit[1]);
        assertThat(flows).as("the credit-assignment flow waits for a revoke or the end").hasSize(1);
        String pi = flows.get(0).getId();
        List<Map<String, Object>> instructions = new ArrayList<>();
        instructions.add(Map.of("type", "startBeforeActivity", "activityId", "EndEvent_CreditsExpired"));
        for (String waiting : bean(RuntimeService.class).getActiveActivityIds(pi)) {
            instructions.add(Map.of("type", "cancel", "activityId", waiting));
        }
        Http.Response r = admin().postJson(engineRest() + "/process-instance/" + pi + "/modification",
                Map.of("skipCustomListeners", true, "skipIoMappings", true, "instructions", instructions));
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        assertThat(flows(credit[1])).as("the flow ended").isEmpty();
        try {
            List<JsonNode> found = orphans(verify(), credit[1]);
            assertThat(found).hasSize(1);
            assertThat(found.get(0).path("poolId").asText()).isEqualTo(credit[0]);
            assertThat(found.get(0).path("problem").asText()).contains("assignment " + credit[1]).contains("(DOWNLOADED)");
        } finally {
            putRight(credit[0], credit[1], "gf_credit_assignment");
        }
    }

    @Test
    default void flowOfEachHolderIsFoundThroughTheEnginesBusinessKeyIndex() {
        // the claims' one query asks this of every row: an index look-up each, not a scan of the running flows
        for (String table : List.of("gf_remote_activation", "gf_credit_assignment")) {
            String plan = QueryPlans.explain(bean(JdbcTemplate.class), bean(TransactionTemplate.class), "SELECT a.id FROM " + table
                    + " a WHERE EXISTS (SELECT 1 FROM act_ru_execution e WHERE e.business_key_ = a.id)", postgres());
            assertThat(plan).as(table).contains("ACT_IDX_EXEC_BUSKEY");
        }
    }

    @Test
    default void healthyFlowsReportNoOrphans() {
        String[] act = activeActivation();
        String[] credit = downloadedAssignment();
        JsonNode report = verify();
        assertThat(orphans(report, act[1])).isEmpty();
        assertThat(orphans(report, credit[1])).isEmpty();
        report.path("broken").forEach(b -> assertThat(b.path("kind").asText()).as(report.toString()).isNotEqualTo("orphaned-holding"));
        assertThat(bean(LedgerVerifier.class).verifyPool(act[0]).broken()).isEmpty();
        assertThat(bean(LedgerVerifier.class).verifyPool(credit[0]).broken()).isEmpty();
        assertThat(bean(LedgerVerifier.class).verifyPool("LIC-DEMO").broken()).isEmpty();
    }
}
