package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** What the seat form may submit. */
class SeatInputTest {

    static final Instant CURRENT = Instant.parse("2027-06-30T00:00:00Z");

    @Test
    void seatsAreWholeNumbersInAnyShape() {
        assertThat(SeatInput.parseSeats(5L)).isEqualTo(5L);
        assertThat(SeatInput.parseSeats(5)).isEqualTo(5L);
        assertThat(SeatInput.parseSeats(5.0)).isEqualTo(5L);
        assertThat(SeatInput.parseSeats(" 7 ")).isEqualTo(7L);
        assertThat(SeatInput.parseSeats(5.5)).isNull();
        assertThat(SeatInput.parseSeats("five")).isNull();
        assertThat(SeatInput.parseSeats("")).isNull();
        assertThat(SeatInput.parseSeats(null)).isNull();
    }

    @Test
    void blankKeepsTheExpiryAndDatesOrDateTimesSetOne() {
        assertThat(SeatInput.parseExpiry(null, CURRENT)).isEqualTo(CURRENT);
        assertThat(SeatInput.parseExpiry(" ", CURRENT)).isEqualTo(CURRENT);
        assertThat(SeatInput.parseExpiry("2027-07-01", CURRENT)).isEqualTo(Instant.parse("2027-07-01T00:00:00Z"));
        assertThat(SeatInput.parseExpiry("2027-07-01T12:00:00+02:00", CURRENT)).isEqualTo(Instant.parse("2027-07-01T10:00:00Z"));
        assertThat(SeatInput.parseExpiry(Date.from(CURRENT), null)).isEqualTo(CURRENT);
        assertThatThrownBy(() -> SeatInput.parseExpiry("next year", CURRENT)).hasMessageContaining("is not a date");
    }
}
