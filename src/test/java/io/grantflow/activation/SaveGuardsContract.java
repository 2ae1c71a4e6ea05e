package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.ledger.HolderBalance;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.tokens.TokenRecords;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Save and the seat rules hold whatever path the engine is sent down: admin's process-instance modification (the
 * Java API that /engine-rest's modification calls) cannot make Save run twice, skip four-eyes or save refused values.
 * Each refusal leaves the activation, the ledger and the connection token as they were. Run on H2 and PostgreSQL.
 */
interface SaveGuardsContract {

    String CONFIGURE = "UserTask_ConfigureSeats";
    String CONFIRM = "UserTask_ConfirmReduction";
    String SAVE = "Task_SaveConfiguration";
    String RECEIPT = "ReceiveTask_WaitForReceipt";

    ActivationFixture fx();

    TokenRecords records();

    /** The code of our refusal inside whatever the engine wrapped it in. */
    static String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GrantflowException g) {
                return g.code();
            }
        }
        return null;
    }

    default void configure(String user, ActivationUpdates.Started u, long seats, String expiresAt) {
        fx().completeAs(user, fx().task(u.processInstanceId(), CONFIGURE), Map.of("newSeats", seats, "newExpiresAt", expiresAt));
        fx().runJobs(u.processInstanceId());
    }

    default long held(Act act) {
        HolderBalance h = fx().ledger.holding(act.licenseId(), act.id());
        return h.held();
    }

    default Map<String, Object> connectionClaims(Act act) throws ParseException {
        String jti = fx().activations.get(act.id()).currentConnectionJti();
        return SignedJWT.parse(records().compact(jti).orElseThrow()).getJWTClaimsSet().getClaims();
    }

    /** An update saved 10 → 20, waiting for the installation's receipt. */
    default ActivationUpdates.Started savedIncrease(Act act) {
        ActivationUpdates.Started u = fx().startUpdate(act);
        configure("operator", u, 20, "");
        assertThat(fx().task(u.processInstanceId(), CONFIGURE)).isNull();
        assertThat(held(act)).isEqualTo(20);
        return u;
    }

    @Test
    default void saveRunsOncePerUpdateWhateverTheModification() throws Exception {
        String lic = fx().license(100);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = savedIncrease(act);
        String tokenBefore = fx().activations.get(act.id()).currentConnectionJti();

        // the minting: cancel the receipt wait, back to "Configure printer seats", then configure 30
        fx().runtime.createProcessInstanceModification(u.processInstanceId())
                .cancelAllForActivity(RECEIPT).startBeforeActivity(CONFIGURE).execute();
        assertThatThrownBy(() -> fx().completeAs("operator", fx().task(u.processInstanceId(), CONFIGURE),
                Map.of("newSeats", 30L, "newExpiresAt", ""))).satisfies(e -> assertThat(code(e)).isEqualTo("update-saved"));

        // and straight into Save: the job fails (an incident), nothing moves
        fx().runtime.createProcessInstanceModification(u.processInstanceId()).startBeforeActivity(SAVE).execute();
        assertThatThrownBy(() -> fx().runJobs(u.processInstanceId())).satisfies(e -> assertThat(code(e)).isEqualTo("update-saved"));

        RemoteActivation a = fx().activations.get(act.id());
        assertThat(a.seats()).isEqualTo(20);
        assertThat(held(act)).isEqualTo(20);
        assertThat(fx().licenses.get(lic).available()).isEqualTo(80);
        assertThat(a.currentConnectionJti()).isEqualTo(tokenBefore);
        assertThat(((Number) connectionClaims(act).get("seats")).longValue()).isEqualTo(20);
        assertThat(fx().updates.get(u.updateId()).requestedSeats()).isEqualTo(20);
    }

    @Test
    default void reductionModifiedPastTheConfirmationIsRefusedAtSave() {
        String lic = fx().license(20);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = fx().startUpdate(act);
        configure("operator", u, 4, "");
        assertThat(fx().task(u.processInstanceId(), CONFIRM)).isNotNull();
        ActivationFixture.Snapshot before = fx().snapshot(act);

        fx().runtime.createProcessInstanceModification(u.processInstanceId())
                .cancelAllForActivity(CONFIRM).startBeforeActivity(SAVE).setVariable("approved", true).execute();
        assertThatThrownBy(() -> fx().runJobs(u.processInstanceId())).satisfies(e -> assertThat(code(e)).isEqualTo("four-eyes"));

        assertThat(fx().snapshot(act)).isEqualTo(before);
        assertThat(held(act)).isEqualTo(10);
        assertThat(fx().licenses.get(lic).inFlight()).isZero();
        assertThat(fx().updates.get(u.updateId()).status()).isEqualTo(UpdateStatus.AWAITING_REDUCTION_APPROVAL);
    }

    @Test
    default void refusedConfigurationIsNotStoredAndCannotBeSavedByAModification() throws Exception {
        String lic = fx().license(100);
        Act act = fx().active(lic, 10);
        Instant expiryBefore = fx().activations.get(act.id()).expiresAt();
        ActivationUpdates.Started u = fx().startUpdate(act);
        configure("operator", u, 12, "2099-01-01");
        assertThat(fx().task(u.processInstanceId(), CONFIGURE)).as("refused: the task is back").isNotNull();
        ActivationUpdate refused = fx().updates.get(u.updateId());
        assertThat(refused.message()).contains("expiresAt");
        assertThat(refused.requestedSeats()).isNull();
        assertThat(refused.requestedExpiresAt()).isNull();
        ActivationFixture.Snapshot before = fx().snapshot(act);

        fx().runtime.createProcessInstanceModification(u.processInstanceId())
                .cancelAllForActivity(CONFIGURE).startBeforeActivity(SAVE).execute();
        assertThatThrownBy(() -> fx().runJobs(u.processInstanceId()))
                .satisfies(e -> assertThat(code(e)).isEqualTo("update-not-configured"));

        assertThat(fx().snapshot(act)).isEqualTo(before);
        assertThat(fx().activations.get(act.id()).expiresAt()).isEqualTo(expiryBefore);
        assertThat(held(act)).isEqualTo(10);
    }

    @Test
    default void seatRulesAreCheckedAgainAtSaveOnTheStoredValues() {
        String lic = fx().license(100);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = fx().startUpdate(act);
        // values that never passed validation, written where Save reads them (a bug, or SQL): Save checks them again
        fx().jdbc.update("UPDATE gf_activation_update SET requested_seats = 12, requested_expires_at = ?, configured_by = 'operator'"
                + " WHERE id = ?", java.time.OffsetDateTime.parse("2099-01-01T00:00:00Z"), u.updateId());
        String tokenBefore = fx().activations.get(act.id()).currentConnectionJti();

        fx().runtime.createProcessInstanceModification(u.processInstanceId())
                .cancelAllForActivity(CONFIGURE).startBeforeActivity(SAVE).execute();
        fx().runJobs(u.processInstanceId());

        assertThat(fx().task(u.processInstanceId(), CONFIGURE)).as("back to the operator with the reason").isNotNull();
        ActivationUpdate after = fx().updates.get(u.updateId());
        assertThat(after.message()).contains("expiresAt");
        assertThat(after.requestedSeats()).isNull();
        RemoteActivation a = fx().activations.get(act.id());
        assertThat(a.seats()).isEqualTo(10);
        assertThat(a.currentConnectionJti()).isEqualTo(tokenBefore);
        assertThat(held(act)).isEqualTo(10);
    }

    @Test
    default void saveComputesAgainstTheLedgerHoldingAndRefusesARowThatDisagrees() {
        String lic = fx().license(100);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = fx().startUpdate(act);
        String tokenBefore = fx().activations.get(act.id()).currentConnectionJti();
        fx().jdbc.update("UPDATE gf_remote_activation SET seats = 50 WHERE id = ?", act.id());
        try {
            // 60 is 50 more than the ledger's 10 (validation passes), and Save refuses to build on a row of 50
            assertThatThrownBy(() -> configure("operator", u, 60, "")).satisfies(e -> assertThat(code(e)).isEqualTo("holding-mismatch"));
            assertThat(held(act)).as("nothing allocated from a row the ledger does not back").isEqualTo(10);
            assertThat(fx().licenses.get(lic).available()).isEqualTo(90);
            assertThat(fx().activations.get(act.id()).currentConnectionJti()).isEqualTo(tokenBefore);
        } finally {
            fx().jdbc.update("UPDATE gf_remote_activation SET seats = 10 WHERE id = ?", act.id());
        }
    }

    /**
     * Another flow takes seats from the pool while Save waits for it: Save checks the pool it then allocates from, so the
     * shrink is the refusal "configure again" at once, not a failed step that waits for its retry.
     */
    @Test
    default void aPoolThatShrinksWhileSaveWaitsForItSendsTheUpdateBackToConfiguration() throws Exception {
        String lic = fx().license(30);
        Act act = fx().active(lic, 10);
        ActivationUpdates.Started u = fx().startUpdate(act);
        fx().completeAs("operator", fx().task(u.processInstanceId(), CONFIGURE), Map.of("newSeats", 25L, "newExpiresAt", ""));
        fx().runJobAt(u.processInstanceId(), "Task_ValidateSeats");
        String saveJob = fx().management.createJobQuery().processInstanceId(u.processInstanceId()).activityId(SAVE).singleResult().getId();

        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            // another flow holds the pool and takes 15 of the 20 seats left; it commits once Save waits for the pool
            var other = threads.submit(() -> fx().tx.executeWithoutResult(s -> {
                fx().ledger.allocate(new io.grantflow.ledger.Movement("other:" + act.id(), lic, "RA-OTHER", 15, "test", null, null, "test"));
                taken.countDown();
                try {
                    release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(taken.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var save = threads.submit(() -> fx().management.executeJob(saveJob));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> fx().count(waitingForALock()) > 0);
            release.countDown();
            other.get(60, java.util.concurrent.TimeUnit.SECONDS);
            save.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
        assertThat(fx().management.createJobQuery().processInstanceId(u.processInstanceId()).withException().count())
                .as("a failed Save job").isZero();
        assertThat(fx().task(u.processInstanceId(), CONFIGURE)).as("back at Configure printer seats").isNotNull();
        assertThat(held(act)).isEqualTo(10);
    }

    /** A query that counts the sessions waiting for another's row lock. */
    String waitingForALock();
}
