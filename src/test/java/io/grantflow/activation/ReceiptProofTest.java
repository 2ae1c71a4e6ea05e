package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grantflow.support.Http;
import io.grantflow.support.Logs;
import java.util.List;
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

        Http.Response[] forged = new Http.Response[1];
        List<ILoggingEvent> logged = Logs.warningsDuring(() -> forged[0] = Http.at(port).as("admin").postJson("/engine-rest/message",
                Map.of("messageName", "ConnectionTokenApplied", "processInstanceId", u.processInstanceId(),
                        "processVariables", Map.of("receiptJti", Map.of("value", "forged", "type", "String")))));

        assertThat(forged[0].status()).as(forged[0].toString()).isEqualTo(409);
        assertThat(forged[0].code()).isEqualTo("receipt-missing");
        assertThat(forged[0].body()).contains("No accepted receipt").doesNotContain("\tat ");
        assertThat(logged).as("a rule's refusal is no error").filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(logged).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        assertStillInFlight(act, u);
        assertThat(waitingForReceipt(u.processInstanceId())).isTrue();
    }
}
