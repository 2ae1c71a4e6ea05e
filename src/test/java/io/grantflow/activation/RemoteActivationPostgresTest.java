package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.support.PostgresTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The activation schema (V2) and a whole reduction on PostgreSQL, and one update at a time under concurrency. */
class RemoteActivationPostgresTest extends PostgresTestBase {

    @Autowired
    ActivationFixture fx;
    @Autowired
    LedgerVerifier verifier;

    @Test
    void reductionIsInFlightUntilTheReceiptOnPostgres() {
        String lic = fx.license(20);
        Act act = fx.active(lic, 10);
        ActivationUpdates.Started update = fx.startUpdate(act);
        fx.completeAs("operator", fx.task(update.processInstanceId(), "UserTask_ConfigureSeats"), Map.of("newSeats", 3L));
        fx.runJobs(update.processInstanceId());
        fx.completeAs("operator2", fx.task(update.processInstanceId(), "UserTask_ConfirmReduction"), Map.of("approved", true));
        fx.runJobs(update.processInstanceId());
        assertThat(fx.licenses.get(lic).inFlight()).isEqualTo(7);

        fx.receipt(act);
        fx.runJobs(update.processInstanceId());

        License license = fx.licenses.get(lic);
        assertThat(license.allocated()).isEqualTo(3);
        assertThat(license.inFlight()).isZero();
        assertThat(license.available()).isEqualTo(17);
        assertThat(fx.updates.get(update.updateId()).status()).isEqualTo(UpdateStatus.APPLIED);
        assertThat(verifier.verifyPool(lic).broken()).isEmpty();
    }

    @Test
    void concurrentUpdateTokensStartOnlyOneUpdateOnPostgres() throws Exception {
        ConcurrentUpdateStarts.assertOnlyOneStarts(fx);
    }
}
