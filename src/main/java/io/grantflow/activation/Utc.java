package io.grantflow.activation;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The repositories' conversions between instants and the UTC timestamps the tables store. */
final class Utc {

    private Utc() {
    }

    static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** The first value of a single-column result, null when there is no row or the column is null. */
    static <T> T first(java.util.List<T> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
