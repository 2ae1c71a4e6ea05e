package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.GrantflowException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When things are due, without a clock bean. */
class TimeRulesTest {

    static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void theWarningComesItsLeadTimeBeforeTheExpiry() {
        assertThat(TimeRules.warningAt(NOW.plus(Duration.ofDays(40)), Duration.ofDays(30))).isEqualTo(NOW.plus(Duration.ofDays(10)));
    }

    @Test
    void configurationEndsWithTheTtlOrTheUpdateTokenWhicheverComesFirst() {
        assertThat(TimeRules.configureBy(NOW, Duration.ofHours(24), NOW.plus(Duration.ofHours(48)))).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(TimeRules.configureBy(NOW, Duration.ofHours(24), NOW.plus(Duration.ofHours(2)))).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void aConnectionTokenNeverOutlivesItsActivation() {
        assertThat(TimeRules.connectionTokenExpiry(NOW, Duration.ofDays(7), NOW.plus(Duration.ofDays(30)))).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(TimeRules.connectionTokenExpiry(NOW, Duration.ofDays(7), NOW.plus(Duration.ofDays(1)))).isEqualTo(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void beforeItsTimeAStepIsTooEarly() {
        TimeRules.requireDue(NOW, NOW, "due now");
        TimeRules.requireDue(NOW, NOW.minusSeconds(1), "overdue");
        assertThatThrownBy(() -> TimeRules.requireDue(NOW, NOW.plusSeconds(1), "not yet"))
                .satisfies(e -> assertThat(((GrantflowException) e).code()).isEqualTo("too-early")).hasMessage("not yet");
    }
}
