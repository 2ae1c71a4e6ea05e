package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The desk's words for times, states and refusal details. */
class HumanTextTest {

    static final Instant NOW = Instant.parse("2026-12-07T15:28:41.123Z");
    final HumanText human = new HumanText(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void timesAreSaidInWordsAndRelativeToNow() {
        assertThat(HumanText.when(NOW)).isEqualTo("7 Dec 2026, 15:28 UTC");
        assertThat(HumanText.day(NOW)).isEqualTo("7 Dec 2026");
        assertThat(human.relative(NOW.plusSeconds(20))).isEqualTo("just now");
        assertThat(human.relative(NOW.minus(Duration.ofMinutes(1)))).isEqualTo("1 minute ago");
        assertThat(human.relative(NOW.minus(Duration.ofHours(3)))).isEqualTo("3 hours ago");
        assertThat(human.relative(NOW.plus(Duration.ofDays(20)))).isEqualTo("in 20 days");
        assertThat(human.relative(NOW.plus(Duration.ofDays(365)))).isEqualTo("in 12 months");
        assertThat(human.relative(NOW.minus(Duration.ofDays(800)))).isEqualTo("2 years ago");
        assertThat(human.whenRelative(NOW.plus(Duration.ofDays(1)))).isEqualTo("8 Dec 2026, 15:28 UTC (in 1 day)");
        assertThat(HumanText.when(null)).isEmpty();
    }

    @Test
    void statesAreWordsAndDetailsSayTheirTimesInWords() {
        assertThat(HumanText.word("REVOKING")).isEqualTo("Revoking");
        assertThat(HumanText.word("SUBSCRIPTION_ENDED")).isEqualTo("Subscription ended");
        assertThat(HumanText.words("must not be after the subscription's end 2027-12-07T15:28:41Z"))
                .isEqualTo("must not be after the subscription's end 7 Dec 2027, 15:28 UTC");
        assertThat(HumanText.words("expired at 2026-01-02T03:04:05.678901Z, and at 2026-01-03T00:00:00Z"))
                .isEqualTo("expired at 2 Jan 2026, 03:04 UTC, and at 3 Jan 2026, 00:00 UTC");
        assertThat(HumanText.words("no times here")).isEqualTo("no times here");
    }
}
