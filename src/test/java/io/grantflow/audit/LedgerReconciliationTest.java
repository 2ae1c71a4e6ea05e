package io.grantflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.activation.InProcessActivations;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.InProcessCredits;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.tokens.EdgeKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * /api/v1/audit/ledger/verify reconciles the domain with the ledger: an activation's seats or an assignment's state
 * changed behind the ledger's back (admin's power over the database, a bug) is {@code broken}, naming the holder.
 */
@GrantflowTest
class LedgerReconciliationTest {

    @LocalServerPort int port;
    @Autowired Licenses licenses;
    @Autowired ApplicationContext context;
    InProcessActivations activations;
    InProcessCredits credits;
    @Autowired Subscriptions subscriptions;
    @Autowired LedgerVerifier verifier;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired Clock clock;
    Http auditor;

    @BeforeEach
    void init() {
        auditor = Http.at(port).as("auditor");
        activations = new InProcessActivations(context);
        credits = new InProcessCredits(context);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** A license of 100 with an ACTIVE activation of 10 seats (added, receipted). */
    String[] activation() {
        String lic = "LIC-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> licenses.create(lic, "ACME", 100, now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        String id = activations.add(lic, key.id(), key.publicJwk(), 10, now().plus(Duration.ofDays(100)), "operator");
        String jti = activations.currentConnectionJti(id);
        activations.receipt(id, key.token("receipt+jwt", id).issuedAt(now()).ttl(Duration.ofMinutes(5)).claim("connection_jti", jti).sign());
        return new String[] {lic, id};
    }

    /** A subscription of 100 with an assignment of 10 credits (held, not yet downloaded). */
    String[] assignment() {
        String sub = "SUB-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> subscriptions.create(sub, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 100, now().minus(Duration.ofDays(1)),
                now().plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair system = EdgeKeyPair.create("SYS-R" + UUID.randomUUID().toString().substring(0, 13).toUpperCase());
        tx.executeWithoutResult(s -> credits.link(system.id(), "ACME", "Reconciled system", EdgeKeys.parsePublicKey(system.publicJwk())));
        String id = tx.execute(s -> credits.assign(system.id(), sub, 10, null, "operator")).assignmentId();
        return new String[] {sub, id};
    }

    JsonNode verify() {
        Http.Response r = auditor.get("/api/v1/audit/ledger/verify");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static JsonNode mismatchOf(JsonNode report, String holder) {
        for (JsonNode b : report.path("broken")) {
            if ("holding-mismatch".equals(b.path("kind").asText()) && holder.equals(b.path("holder").asText())) {
                return b;
            }
        }
        return null;
    }

    @Test
    void demoDataAndNormalFlowsVerifyIntact() {
        String[] act = activation();
        String[] credit = assignment();

        JsonNode report = verify();
        assertThat(report.path("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("broken")).isEmpty();
        assertThat(verifier.verifyPool(act[0]).broken()).isEmpty();
        assertThat(verifier.verifyPool(credit[0]).broken()).isEmpty();
        assertThat(verifier.verifyPool("LIC-DEMO").broken()).isEmpty();
    }

    @Test
    void activationSeatsChangedBehindTheLedgerAreReported() {
        String[] act = activation();
        jdbc.update("UPDATE gf_remote_activation SET seats = 50 WHERE id = ?", act[1]); // the issue's seat-minting state
        try {
            JsonNode report = verify();
            assertThat(report.path("intact").asBoolean()).isFalse();
            JsonNode b = mismatchOf(report, act[1]);
            assertThat(b).as(report.toString()).isNotNull();
            assertThat(b.path("poolId").asText()).isEqualTo(act[0]);
            assertThat(b.path("problem").asText()).contains("50 held").contains("the ledger holds 10");
            assertThat(report.has("pools") && report.has("rows")).as("the answer keeps its fields").isTrue();
            assertThat(verifier.verifyPool(act[0]).broken()).anySatisfy(x -> assertThat(x.holder()).isEqualTo(act[1]));
        } finally {
            jdbc.update("UPDATE gf_remote_activation SET seats = 10 WHERE id = ?", act[1]);
        }
        assertThat(mismatchOf(verify(), act[1])).isNull();
    }

    @Test
    void assignmentSayingRevokedWhileItsCreditsAreHeldIsReported() {
        String[] credit = assignment();
        jdbc.update("UPDATE gf_credit_assignment SET state = 'REVOKED' WHERE id = ?", credit[1]);
        try {
            JsonNode b = mismatchOf(verify(), credit[1]);
            assertThat(b).isNotNull();
            assertThat(b.path("poolId").asText()).isEqualTo(credit[0]);
            assertThat(b.path("problem").asText()).contains("REVOKED").contains("the ledger holds 10");
        } finally {
            jdbc.update("UPDATE gf_credit_assignment SET state = 'ASSIGNED' WHERE id = ?", credit[1]);
        }
        jdbc.update("UPDATE gf_credit_assignment SET credits = 12 WHERE id = ?", credit[1]);
        try {
            assertThat(mismatchOf(verify(), credit[1])).as("credits that differ from the holding").isNotNull();
        } finally {
            jdbc.update("UPDATE gf_credit_assignment SET credits = 10 WHERE id = ?", credit[1]);
        }
        assertThat(verifier.verifyPool(credit[0]).broken()).isEmpty();
    }
}
