package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** What the "Configure printer seats" form submits, read leniently: a number may arrive as Long, Integer, Double or text. */
final class SeatInput {

    private SeatInput() {
    }

    /** A whole number of seats, or null when there is none. */
    static Long parseSeats(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Blank keeps the current expiry; an ISO instant, offset date-time or date (midnight UTC) sets a new one. */
    static Instant parseExpiry(Object value, Instant current) {
        if (value == null || value.toString().isBlank()) {
            return current;
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        String s = value.toString().strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw Refusal.INVALID_REQUEST.exception("The new expiry '" + s + "' is not a date (2027-06-30) or date-time (2027-06-30T00:00:00Z)");
            }
        }
    }
}
