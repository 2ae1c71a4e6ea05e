package io.grantflow.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as people read them on the pages: "in 12 days, on 19 Dec 2026" rather than an ISO timestamp (days in UTC). */
public final class Dates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Dates() {
    }

    /** "19 Dec 2026". */
    public static String day(Instant at) {
        return DAY.format(at);
    }

    /** "in 12 days, on 19 Dec 2026", "within a day, on …", "3 days ago, on …". */
    public static String relative(Instant at, Instant now) {
        long days = Duration.between(now, at).toDays();
        String when;
        if (!at.isBefore(now)) {
            when = days == 0 ? "within a day" : days == 1 ? "in 1 day" : "in " + days + " days";
        } else {
            when = days == 0 ? "less than a day ago" : days == -1 ? "1 day ago" : -days + " days ago";
        }
        return when + ", on " + day(at);
    }

    /** The warning an activation near its end carries: "Expires in 12 days (on 19 Dec 2026): ask for an update." */
    public static String expiryWarning(Instant expiresAt, Instant now) {
        return "Expires " + relative(expiresAt, now).replace(", on ", " (on ") + "): ask for an update.";
    }
}
