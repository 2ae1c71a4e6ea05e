package io.grantflow.credits;

import static io.grantflow.credits.Refusals.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.ledger.HolderBalance;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AssignmentRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofDays(3));

    static CreditAssignment assignment(AssignmentState state, String fileJti, Instant deliveredAt, Instant autoRevokeAt) {
        return new CreditAssignment("CA-1", "SYS-1", "SUB-1", 10, state, fileJti != null, autoRevokeAt, EXPIRES, fileJti,
                deliveredAt, null, "pi-1", null, null, NOW, NOW);
    }

    static CreditAssignment in(AssignmentState state) {
        return assignment(state, "jti-1", NOW, null);
    }

    @Test
    void downloadWhenRevokingOrFinalOrTimeUpThenNotActive() {
        for (AssignmentState state : new AssignmentState[] { AssignmentState.REVOKING, AssignmentState.REVOKED, AssignmentState.EXPIRED }) {
            assertThat(code(() -> AssignmentRules.requireDownloadable(in(state), NOW))).as(state.name()).isEqualTo("assignment-not-active");
        }
        assertThat(code(() -> AssignmentRules.requireDownloadable(assignment(AssignmentState.ASSIGNED, null, null, null), EXPIRES)))
                .as("time up").isEqualTo("assignment-not-active");
        assertThat(code(() -> AssignmentRules.requireDownloadable(assignment(AssignmentState.ASSIGNED, null, null, null), NOW))).isNull();
        assertThat(code(() -> AssignmentRules.requireDownloadable(in(AssignmentState.DOWNLOADED), NOW))).isNull();
    }

    @Test
    void servedFileWhenNotYetIssuedThenNotReadyAndWhenExpiredThenNotActive() {
        CreditAssignment unissued = assignment(AssignmentState.ASSIGNED, null, null, null);
        assertThat(code(() -> AssignmentRules.requireServable(unissued, EXPIRES))).as("nothing issued to expire").isNull();
        assertThat(code(() -> AssignmentRules.requireIssued(unissued))).isEqualTo("not-ready");
        assertThat(code(() -> AssignmentRules.requireServable(in(AssignmentState.DOWNLOADED), EXPIRES))).isEqualTo("assignment-not-active");
        assertThat(code(() -> AssignmentRules.requireServable(in(AssignmentState.REVOKING), NOW))).isEqualTo("assignment-not-active");
        assertThat(code(() -> AssignmentRules.requireServable(in(AssignmentState.DOWNLOADED), NOW))).isNull();
    }

    @Test
    void expiryWhenBeforeTheCreditsEndThenTooEarly() {
        assertThat(code(() -> AssignmentRules.requireTimeUp(in(AssignmentState.DOWNLOADED), EXPIRES.minusSeconds(1)))).isEqualTo("too-early");
        assertThat(code(() -> AssignmentRules.requireTimeUp(in(AssignmentState.DOWNLOADED), EXPIRES))).isNull();
    }

    @Test
    void expiryWhenTemporaryThenRevokedByItsDateElseExpiredWithTheSubscription() {
        CreditAssignment temporary = assignment(AssignmentState.DOWNLOADED, "jti-1", NOW, EXPIRES);
        assertThat(temporary.stateAtExpiry()).isEqualTo(AssignmentState.REVOKED);
        assertThat(temporary.reasonAtExpiry()).isEqualTo("auto-revoke");
        assertThat(temporary.proofAtExpiry()).isEqualTo("expiry");
        CreditAssignment undelivered = assignment(AssignmentState.DOWNLOADED, "jti-1", null, null);
        assertThat(undelivered.stateAtExpiry()).isEqualTo(AssignmentState.EXPIRED);
        assertThat(undelivered.reasonAtExpiry()).isEqualTo("subscription-ended");
        assertThat(undelivered.proofAtExpiry()).as("the file never left").isEqualTo("never-downloaded");
    }

    @Test
    void revokeWhenInProgressThenRevokeInProgressAndWhenFinalThenNotActive() {
        assertThat(code(() -> AssignmentRules.requireRevocable(in(AssignmentState.REVOKING)))).isEqualTo("revoke-in-progress");
        assertThat(code(() -> AssignmentRules.requireRevocable(in(AssignmentState.REVOKED)))).isEqualTo("assignment-not-active");
        assertThat(code(() -> AssignmentRules.requireRevocable(in(AssignmentState.DOWNLOADED)))).isNull();
        assertThat(code(() -> AssignmentRules.requireRevoking(in(AssignmentState.DOWNLOADED)))).isEqualTo("no-revoke-in-progress");
        assertThat(code(() -> AssignmentRules.requireRevoking(in(AssignmentState.EXPIRED)))).isEqualTo("assignment-not-active");
        assertThat(code(() -> AssignmentRules.requireRevoking(in(AssignmentState.REVOKING)))).isNull();
    }

    @Test
    void returnedWhenNotFinalOrStillHoldingThenCreditsNotReturned() {
        assertThat(code(() -> AssignmentRules.requireReturned(in(AssignmentState.REVOKING), new HolderBalance("SUB-1", "CA-1", 0, 0))))
                .isEqualTo("credits-not-returned");
        assertThat(code(() -> AssignmentRules.requireReturned(in(AssignmentState.REVOKED), new HolderBalance("SUB-1", "CA-1", 0, 10))))
                .isEqualTo("credits-not-returned");
        assertThat(code(() -> AssignmentRules.requireReturned(in(AssignmentState.EXPIRED), new HolderBalance("SUB-1", "CA-1", 10, 0))))
                .isEqualTo("credits-not-returned");
        assertThat(code(() -> AssignmentRules.requireReturned(in(AssignmentState.REVOKED), new HolderBalance("SUB-1", "CA-1", 0, 0)))).isNull();
    }

    @Test
    void holdingWhenHeldThenAllCreditsWhenRevokingThenInFlightWhenFinalThenNothing() {
        assertThat(AssignmentState.ASSIGNED.held(10)).isEqualTo(10);
        assertThat(AssignmentState.DOWNLOADED.held(10)).isEqualTo(10);
        assertThat(AssignmentState.REVOKING.held(10)).isZero();
        assertThat(AssignmentState.REVOKING.inFlight(10)).isEqualTo(10);
        assertThat(AssignmentState.REVOKED.held(10) + AssignmentState.REVOKED.inFlight(10)).isZero();
        assertThat(AssignmentState.EXPIRED.held(10) + AssignmentState.EXPIRED.inFlight(10)).isZero();
    }
}
