package io.grantflow.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What the desk's pages say to people instead of machine text: times in words ("7 Dec 2026, 15:28 UTC", "in 20
 * days"), states as words ("Revoking", not {@code REVOKING}), and a refusal's detail with its ISO times in words.
 * Templates reach it as {@code @human}.
 */
@Component("human")
public class HumanText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");

    private final Clock clock;

    public HumanText(Clock clock) {
        this.clock = clock;
    }

    /** "7 Dec 2026, 15:28 UTC"; empty for no time. */
    public static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }

    /** "7 Dec 2026" (the UTC day). */
    public static String day(Instant at) {
        return at == null ? "" : DAY.format(at);
    }

    /** "in 20 days", "3 hours ago", "just now": how far the time is from now. */
    public String relative(Instant at) {
        if (at == null) {
            return "";
        }
        Duration d = Duration.between(clock.instant(), at);
        boolean future = !d.isNegative();
        Duration size = d.abs();
        if (size.toMinutes() < 1) {
            return "just now";
        }
        String amount = size.toHours() < 1 ? count(size.toMinutes(), "minute")
                : size.toDays() < 1 ? count(size.toHours(), "hour")
                : size.toDays() < 60 ? count(size.toDays(), "day")
                : size.toDays() < 730 ? count(size.toDays() / 30, "month")
                : count(size.toDays() / 365, "year");
        return future ? "in " + amount : amount + " ago";
    }

    /** "7 Dec 2026, 15:28 UTC (in 20 days)". */
    public String whenRelative(Instant at) {
        return at == null ? "" : when(at) + " (" + relative(at) + ")";
    }

    /** An enum's name as a word: {@code REVOKING} → "Revoking", {@code SUBSCRIPTION_ENDED} → "Subscription ended". */
    public static String word(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Text with every ISO instant in it said as a time in words. */
    public static String words(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ISO_INSTANT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(when(Instant.parse(m.group()))));
        }
        return m.appendTail(out).toString();
    }

    /** "in 12 days, on 19 Dec 2026", "within a day, on …", "3 days ago, on …": a day, counted from {@code now}. */
    public static String relativeDay(Instant at, Instant now) {
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
        return "Expires " + relativeDay(expiresAt, now).replace(", on ", " (on ") + "): ask for an update.";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
