package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** {@link CreditReturnGuardsContract} on H2, plus admin's job execute over HTTP and the credit file after a revoke. */
@GrantflowTest
class CreditReturnGuardsTest implements CreditReturnGuardsContract {

    @Autowired ApplicationContext context;
    @Autowired RuntimeService runtime;
    @Autowired ManagementService management;
    @Autowired IdentityService identity;
    @LocalServerPort int port;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @Override
    public CreditFixtures f() {
        return f;
    }

    @Override
    public RuntimeService runtime() {
        return runtime;
    }

    @Override
    public ManagementService management() {
        return management;
    }

    @Override
    public IdentityService identity() {
        return identity;
    }

    @Test
    void adminExecutingTheEndTimerOverEngineRestReturnsNothing() {
        CreditAssignments.Started started = downloaded();
        Http admin = Http.at(port).as("admin");

        // the end timer's job runs the return too: refused a year early, with the rule's words
        Http.Response expire = admin.postJson("/engine-rest/job/" + job(started.processInstanceId()).getId() + "/execute", "{}");
        assertThat(expire.status()).as(expire.toString()).isBetween(400, 499);
        assertThat(expire.body()).contains("only with a revoke key");

        assertStillHeld(started);
    }

    @Test
    void creditFileIsServedOnlyWhileTheAssignmentHoldsTheCredits() {
        Http operator = Http.at(port).as("operator");
        String sub = f.subscription(100);
        EdgeKeyPair system = f.onlineSystem("ACME");
        CreditAssignments.Started started = f.assign(system, sub, 10, null);
        f.callIn(system);
        String path = "/api/v1/credit-assignments/" + started.assignmentId() + "/credit-file";
        assertThat(operator.get(path).status()).isEqualTo(200);

        f.tx.execute(s -> f.revocations.start(started.assignmentId(), "operator"));
        Http.Response revoking = operator.get(path);
        assertThat(revoking.status()).as(revoking.toString()).isEqualTo(409);
        assertThat(revoking.code()).isEqualTo("assignment-not-active");

        f.callIn(system, f.revokeKey(system, f.assignment(started.assignmentId())).sign());
        assertThat(f.assignment(started.assignmentId()).state()).isEqualTo(AssignmentState.REVOKED);
        Http.Response revoked = operator.get(path);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(409);
        assertThat(revoked.code()).isEqualTo("assignment-not-active");
        assertThat(revoked.contentType()).startsWith("application/problem+json");
    }
}
