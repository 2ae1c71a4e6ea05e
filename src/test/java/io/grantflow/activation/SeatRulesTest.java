package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.GrantflowException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The seat rules without a database: seats against the license, reductions, Save's rechecks. */
class SeatRulesTest {

    static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
    static final License LICENSE = new License("LIC-1", "ACME", 30, 20, 0, 10, NOW.plus(Duration.ofDays(365)));

    static String code(Throwable e) {
        return ((GrantflowException) e).code();
    }

    @Test
    void seatsMustBeWithinBoundsAndTheExpiryBetweenNowAndTheLicensesExpiry() {
        Instant inAMonth = NOW.plus(Duration.ofDays(30));
        SeatRules.requireSeatsAndExpiry(LICENSE, 1, inAMonth, NOW);
        SeatRules.requireSeatsAndExpiry(LICENSE, SeatRules.MAX_SEATS, LICENSE.expiresAt(), NOW);
        assertThatThrownBy(() -> SeatRules.requireSeatsAndExpiry(LICENSE, 0, inAMonth, NOW)).satisfies(e -> assertThat(code(e)).isEqualTo("invalid-request"));
        assertThatThrownBy(() -> SeatRules.requireSeatsAndExpiry(LICENSE, SeatRules.MAX_SEATS + 1, inAMonth, NOW))
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> SeatRules.requireSeatsAndExpiry(LICENSE, 1, NOW, NOW)).hasMessageContaining("in the future");
        assertThatThrownBy(() -> SeatRules.requireSeatsAndExpiry(LICENSE, 1, null, NOW)).hasMessageContaining("in the future");
        assertThatThrownBy(() -> SeatRules.requireSeatsAndExpiry(LICENSE, 1, LICENSE.expiresAt().plusSeconds(1), NOW))
                .hasMessageContaining("license's expiry");
    }

    @Test
    void notOverTheSeatsOnTheLicense() {
        SeatRules.requireAvailable(10, LICENSE);
        SeatRules.requireAvailable(-5, LICENSE);
        assertThatThrownBy(() -> SeatRules.requireAvailable(11, LICENSE))
                .satisfies(e -> assertThat(code(e)).isEqualTo("seats-exceed-license"))
                .hasMessage("11 more seats requested, the license has 10 available");
    }

    @Test
    void anUpdateAddsOnlyWhatItDoesNotHoldAlready() {
        Instant inAMonth = NOW.plus(Duration.ofDays(30));
        SeatRules.requireUpdateFits(LICENSE, 10, 20, inAMonth, NOW);
        assertThatThrownBy(() -> SeatRules.requireUpdateFits(LICENSE, 10, 21, inAMonth, NOW))
                .satisfies(e -> assertThat(code(e)).isEqualTo("seats-exceed-license"));
    }

    @Test
    void fewerSeatsThanHeldIsAReduction() {
        assertThat(SeatRules.isReduction(4, 10)).isTrue();
        assertThat(SeatRules.isReduction(10, 10)).isFalse();
        assertThat(SeatRules.isReduction(11, 10)).isFalse();
    }

    @Test
    void saveRechecksTheStoredValues() {
        Instant inAMonth = NOW.plus(Duration.ofDays(30));
        assertThat(SeatRules.saveRefusal(LICENSE, 20, inAMonth, 10, NOW)).isNull();
        assertThat(SeatRules.saveRefusal(LICENSE, 4, inAMonth, -6, NOW)).isNull();
        assertThat(SeatRules.saveRefusal(LICENSE, 21, inAMonth, 11, NOW)).contains("10 available");
        assertThat(SeatRules.saveRefusal(LICENSE, 20, NOW.minusSeconds(1), 10, NOW)).contains("in the future");
    }

    @Test
    void activationUpdateAndLedgerMustAgree() {
        RemoteActivation a = new RemoteActivation("RA-1", "LIC-1", "INST-1", ActivationState.ACTIVE, 10, NOW, null, "UPD-1",
                null, null, null, 0, 0);
        SeatRules.requireHoldingMatches(a, 10);
        assertThatThrownBy(() -> SeatRules.requireHoldingMatches(a, 9)).satisfies(e -> assertThat(code(e)).isEqualTo("holding-mismatch"));
        ActivationUpdate saved = new ActivationUpdate("UPD-1", "RA-1", "jti", NOW, UpdateStatus.AWAITING_SEAT_CONFIGURATION, 8, NOW,
                10L, NOW, "operator", null, null, null, null, null);
        SeatRules.requireTokenSeatsMatch(a, saved, 10);
        assertThatThrownBy(() -> SeatRules.requireTokenSeatsMatch(a, saved, 8)).satisfies(e -> assertThat(code(e)).isEqualTo("holding-mismatch"));
    }
}
