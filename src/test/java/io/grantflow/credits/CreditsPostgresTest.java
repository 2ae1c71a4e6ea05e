package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Http;
import io.grantflow.support.PostgresTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The credits on PostgreSQL: the V3 migration, the row locks under concurrency, an offline revoke with a key. */
class CreditsPostgresTest extends PostgresTestBase {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;

    @Test
    void parallelAssignmentsAgainstOneSubscriptionNeverOverspendItOnPostgres() throws Exception {
        ConcurrentAssignments.race(port, CreditFixtures.from(context), 10, 40, 12);
    }

    @Test
    void assignDownloadRevokeWithKeyOnPostgres() {
        CreditFixtures f = CreditFixtures.from(context);
        Http operator = Http.at(port).as("operator");
        String sub = f.subscription(50);
        HttpSystem system = HttpSystem.link(operator, "ACME");
        String id = operator.postJson("/api/v1/systems/" + system.id + "/credit-assignments", Map.of("subscriptionId", sub, "credits", 10))
                .json().path("assignmentId").asText();
        assertThat(operator.post("/api/v1/credit-assignments/" + id + "/download", "application/json", "").status()).isEqualTo(200);
        assertThat(operator.postJson("/api/v1/credit-assignments/" + id + "/revocations", Map.of()).json().path("status").asText())
                .isEqualTo("AWAITING_REVOKE_KEY");
        String revocations = "/api/v1/credit-assignments/" + id + "/revocations";
        String fileJti = f.assignment(id).fileJti();
        assertThat(operator.postJson(revocations, Map.of("revokeKey", system.revokeKey(id, "wrong", f.clock.instant()))).status()).isEqualTo(400);
        // PostgreSQL aborts a transaction after a failed statement: the refusal must leave the next request unharmed
        assertThat(operator.postJson(revocations, Map.of("revokeKey", system.revokeKey(id, fileJti, f.clock.instant()))).json()
                .path("status").asText()).isEqualTo("RETURNED");
        assertThat(f.available(sub)).isEqualTo(50);
        assertThat(f.chainIntact(sub)).isTrue();
    }
}
