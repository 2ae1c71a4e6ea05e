package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@link ReceiptProofContract} on H2, plus the forged receipt as admin over real HTTP /engine-rest. */
@GrantflowTest
class ReceiptProofTest implements ReceiptProofContract {

    @Autowired
    ActivationFixture fx;
    @LocalServerPort
    int port;

    @Override
    public ActivationFixture fx() {
        return fx;
    }

    @Test
    void forgedReceiptOverEngineRestIsRefused() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started u = reductionInFlight(act);

        Http.Response forged = Http.at(port).as("admin").postJson("/engine-rest/message", Map.of("messageName", "ConnectionTokenApplied",
                "processInstanceId", u.processInstanceId(),
                "processVariables", Map.of("receiptJti", Map.of("value", "forged", "type", "String"))));

        assertThat(forged.status()).as(forged.toString()).isGreaterThanOrEqualTo(400);
        assertThat(forged.body()).contains("No accepted receipt").doesNotContain("\tat ");
        assertStillInFlight(act, u);
        assertThat(waitingForReceipt(u.processInstanceId())).isTrue();
    }
}
