package io.grantflow.edge.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The installation's "Product Info" and the system's credits, as lines for people. */
final class Status {

    /** How long before its seats expire an activation asks for an update (Grantflow warns the account as long before). */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Status() {
    }

    static List<String> of(EdgeIdentity identity, EdgeState state, boolean trusted, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(identity.kind + " " + (identity.id == null ? "(no id yet)" : identity.id) + ", issuer " + identity.issuer
                + (trusted ? "" : ", no Grantflow keys trusted yet"));
        lines.add(clock(state, now));
        if (identity.kind == EdgeIdentity.Kind.installation) {
            if (state.activations.isEmpty()) {
                lines.add("no activations");
            }
            state.activations.forEach((id, a) -> lines.add(activation(id, a, now)));
            int seats = state.activations.values().stream().filter(a -> a.expiresAt == null || now.isBefore(a.expiresAt))
                    .mapToInt(a -> a.seats).sum();
            lines.add("seats: " + seats);
        } else {
            state.assignments.forEach((id, a) -> lines.add(assignment(id, a, now)));
            state.resources.forEach((name, credits) -> lines.add("resource " + name + ": " + credits + " credits in use"));
            lines.add(credits(state, now));
            if (state.creditsInUse() > state.creditsHeld(now)) {
                lines.add("warning: more credits are in use than held: release resources");
            }
        }
        if (!state.outbox(now).isEmpty()) {
            List<String> items = state.outbox(now).stream().map(i -> i.kind + " " + i.subject).toList();
            lines.add("not yet confirmed by Grantflow (a call-in posts them; kept until they expire): " + String.join(", ", items));
        }
        return lines;
    }

    static String clock(EdgeState state, Instant now) {
        if (state.newestIssuedAt != null && now.isBefore(state.newestIssuedAt.minus(GrantflowFiles.LEEWAY))) {
            return "clock: SET BACK: reads " + now + ", earlier than the newest token accepted (issued " + state.newestIssuedAt
                    + "); new files are refused until it is right";
        }
        return "clock: " + now.truncatedTo(ChronoUnit.SECONDS) + " (ok)";
    }

    static String activation(String id, EdgeState.Activation a, Instant now) {
        boolean active = a.expiresAt == null || now.isBefore(a.expiresAt);
        return "activation " + id + ": " + a.seats + " seats" + (a.license == null ? "" : " of license " + a.license)
                + ", expires " + a.expiresAt + " (" + (active ? "ACTIVE" : "EXPIRED") + ")" + expiryWarning(a.expiresAt, now);
    }

    /** Within {@link #EXPIRY_WARNING} of the seats' expiry: how long is left, in words, and what to do. */
    static String expiryWarning(Instant expiresAt, Instant now) {
        if (expiresAt == null || !now.isBefore(expiresAt) || now.isBefore(expiresAt.minus(EXPIRY_WARNING))) {
            return "";
        }
        long days = Duration.between(now, expiresAt).toDays();
        String left = days == 0 ? "within a day" : days == 1 ? "in 1 day" : "in " + days + " days";
        return "; expires " + left + " (on " + DAY.format(expiresAt) + "): ask for an update";
    }

    static String assignment(String id, EdgeState.Assignment a, Instant now) {
        return "assignment " + id + ": " + a.credits + " credits" + (a.subscription == null ? "" : " of subscription " + a.subscription)
                + (a.expiresAt == null ? ", no expiry" : ", expires " + a.expiresAt) + " (" + (a.validAt(now) ? "VALID" : "EXPIRED") + ")";
    }

    static String credits(EdgeState state, Instant now) {
        int held = state.creditsHeld(now);
        int inUse = state.creditsInUse();
        return "credits: " + held + " held, " + inUse + " in use, " + Math.max(0, held - inUse) + " free";
    }
}
