package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.tokens.TokenRecords;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@link SaveGuardsContract} on H2, plus the minting attempt as admin over real HTTP /engine-rest. */
@GrantflowTest
class SaveGuardsTest implements SaveGuardsContract {

    @Autowired
    ActivationFixture fx;
    @Autowired
    TokenRecords records;
    @LocalServerPort
    int port;

    @Override
    public ActivationFixture fx() {
        return fx;
    }

    @Override
    public String waitingForALock() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
    }

    @Override
    public TokenRecords records() {
        return records;
    }

    @Test
    void adminOverEngineRestCannotMakeSaveRunTwice() throws Exception {
        Http admin = Http.at(port).as("admin");
        String lic = fx.license(100);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started u = savedIncrease(act);
        String tokenBefore = fx.activations.get(act.id()).currentConnectionJti();

        Http.Response modified = admin.postJson("/engine-rest/process-instance/" + u.processInstanceId() + "/modification",
                Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", RECEIPT),
                        Map.of("type", "startBeforeActivity", "activityId", SAVE))));
        assertThat(modified.status()).as(modified.toString()).isEqualTo(204);
        Job save = fx.management.createJobQuery().processInstanceId(u.processInstanceId()).activityId(SAVE).singleResult();
        Http.Response executed = admin.postJson("/engine-rest/job/" + save.getId() + "/execute", "{}");
        assertThat(executed.status()).as(executed.toString()).isGreaterThanOrEqualTo(400);
        assertThat(executed.body()).contains("Save runs once per update").doesNotContain("\tat ");

        RemoteActivation a = fx.activations.get(act.id());
        assertThat(a.seats()).isEqualTo(20);
        assertThat(held(act)).isEqualTo(20);
        assertThat(a.currentConnectionJti()).isEqualTo(tokenBefore);
        assertThat(fx.management.createJobQuery().jobId(save.getId()).singleResult().getExceptionMessage()).contains("Save runs once");
    }
}
