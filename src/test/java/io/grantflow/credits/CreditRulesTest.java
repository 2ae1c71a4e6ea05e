package io.grantflow.credits;

import static io.grantflow.credits.Refusals.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.GrantflowException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreditRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant END = NOW.plus(Duration.ofDays(30));
    static final HomeSystem SYSTEM = new HomeSystem("SYS-1", "ACME", "HOME 1", null, NOW);

    static Subscription subscription(SubscriptionState state, long available, Instant endsAt) {
        return new Subscription("SUB-1", "ACME", "ANNUAL", state, 100, 100 - available, 0, available, NOW.minus(Duration.ofDays(1)),
                endsAt, null);
    }

    static Subscription active(long available) {
        return subscription(SubscriptionState.ACTIVE, available, END);
    }

    @Test
    void creditsWhenOutsideOneToTheMostThenInvalidRequest() {
        assertThat(code(() -> CreditRules.requireCreditsInRange(0, 1000))).isEqualTo("invalid-request");
        assertThat(code(() -> CreditRules.requireCreditsInRange(1001, 1000))).isEqualTo("invalid-request");
        assertThat(code(() -> CreditRules.requireCreditsInRange(1, 1000))).isNull();
        assertThat(code(() -> CreditRules.requireCreditsInRange(1000, 1000))).isNull();
    }

    @Test
    void autoRevokeAtWhenNowOrPastThenInvalidRequest() {
        assertThat(code(() -> CreditRules.requireFuture(NOW, NOW))).isEqualTo("invalid-request");
        assertThat(code(() -> CreditRules.requireFuture(NOW.minusSeconds(1), NOW))).isEqualTo("invalid-request");
        assertThat(code(() -> CreditRules.requireFuture(NOW.plusSeconds(1), NOW))).isNull();
        assertThat(code(() -> CreditRules.requireFuture(null, NOW))).as("no auto-revoke").isNull();
    }

    @Test
    void assignableWhenAnotherAccountsSystemThenAccountMismatch() {
        HomeSystem globex = new HomeSystem("SYS-2", "GLOBEX", "HOME 2", null, NOW);
        assertThat(code(() -> CreditRules.requireAssignable(globex, active(10), null, NOW))).isEqualTo("account-mismatch");
    }

    @Test
    void assignableWhenInactiveOrEndedThenNotActiveAndWhenCancelledButRunningThenAssignable() {
        assertThat(code(() -> CreditRules.requireAssignable(SYSTEM, subscription(SubscriptionState.INACTIVE, 10, END), null, NOW)))
                .isEqualTo("subscription-not-active");
        assertThat(code(() -> CreditRules.requireAssignable(SYSTEM, subscription(SubscriptionState.ACTIVE, 10, NOW), null, NOW)))
                .as("ends now").isEqualTo("subscription-not-active");
        assertThat(code(() -> CreditRules.requireAssignable(SYSTEM, subscription(SubscriptionState.CANCELLED, 10, NOW), null, NOW)))
                .as("cancelled and ended").isEqualTo("subscription-not-active");
        assertThat(code(() -> CreditRules.requireAssignable(SYSTEM, subscription(SubscriptionState.CANCELLED, 10, END), null, NOW)))
                .as("cancelled, still running").isNull();
    }

    @Test
    void autoRevokeAtWhenAfterTheSubscriptionsEndThenInvalidRequest() {
        assertThat(code(() -> CreditRules.requireAssignable(SYSTEM, active(10), END.plusSeconds(1), NOW))).isEqualTo("invalid-request");
        assertThat(code(() -> CreditRules.requireAssignable(SYSTEM, active(10), END, NOW))).isNull();
    }

    @Test
    void enoughWhenFewerAvailableThanRequestedThenInsufficientCredits() {
        assertThatThrownBy(() -> CreditRules.requireEnough(active(9), 10)).isInstanceOf(GrantflowException.class)
                .hasMessage("Subscription SUB-1 has 9 credits available, 10 requested")
                .satisfies(e -> assertThat(((GrantflowException) e).code()).isEqualTo("insufficient-credits"));
        assertThatCode(() -> CreditRules.requireEnough(active(10), 10)).doesNotThrowAnyException();
    }

    @Test
    void startableWhenSeveralRulesFailThenTheRangeIsHeardFirst() {
        HomeSystem globex = new HomeSystem("SYS-2", "GLOBEX", "HOME 2", null, NOW);
        assertThat(code(() -> CreditRules.requireStartable(globex, active(0), 0, NOW, 1000, NOW))).isEqualTo("invalid-request");
        assertThat(code(() -> CreditRules.requireStartable(globex, active(0), 5, null, 1000, NOW))).isEqualTo("account-mismatch");
        assertThat(code(() -> CreditRules.requireStartable(SYSTEM, active(0), 5, null, 1000, NOW))).isEqualTo("insufficient-credits");
    }

    @Test
    void expiresAtWhenTemporaryThenItsDateElseTheSubscriptionsEndInWholeSeconds() {
        Instant autoRevokeAt = NOW.plus(Duration.ofDays(3)).plusMillis(750);
        assertThat(CreditRules.expiresAt(active(10), autoRevokeAt)).isEqualTo(NOW.plus(Duration.ofDays(3)));
        assertThat(CreditRules.expiresAt(subscription(SubscriptionState.ACTIVE, 10, END.plusMillis(10)), null)).isEqualTo(END);
    }

    @Test
    void warningsWhenCancelledThenSaySoAndWhenEndedThenEnded() {
        assertThat(CreditRules.cancelledWarning(subscription(SubscriptionState.CANCELLED, 10, END)))
                .isEqualTo("subscription-cancelled: the credits expire at " + END);
        assertThat(CreditRules.cancelledWarning(active(10))).isNull();
        assertThat(CreditRules.shownWarning(SubscriptionState.CANCELLED, END, NOW))
                .isEqualTo("subscription-cancelled: credits stay usable until " + END);
        assertThat(CreditRules.shownWarning(SubscriptionState.CANCELLED, NOW, NOW)).isEqualTo("subscription-ended");
        assertThat(CreditRules.shownWarning(SubscriptionState.ACTIVE, NOW, NOW)).isNull();
    }
}
