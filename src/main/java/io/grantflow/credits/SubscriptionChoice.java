package io.grantflow.credits;

import io.grantflow.shared.HumanText;
import java.time.Instant;
import org.springframework.lang.Nullable;

/**
 * A subscription as the Add Credits dialog offers it: "Annual (Cancelled)", its credits remaining, whether it can be
 * chosen, and its warning in words (never the API's code).
 *
 * @param name the type with the state beside it, as words
 * @param warning a cancelled subscription's, in words; null for none
 * @param unavailable why it cannot be chosen, in words; null when it can
 */
record SubscriptionChoice(Subscription subscription, String name, @Nullable String warning, @Nullable String unavailable) {

    static SubscriptionChoice of(Subscription s, HumanText human, Instant now) {
        String name = HumanText.word(s.type()) + " (" + HumanText.word(s.state()) + ")";
        boolean ended = !s.endsAt().isAfter(now);
        String warning = s.state() == SubscriptionState.CANCELLED && !ended
                ? "Cancelled: its credits stay usable until " + human.whenRelative(s.endsAt()) + ", then they return"
                : null;
        String unavailable = s.state() == SubscriptionState.INACTIVE ? "Inactive: no credits can be added from it"
                : ended ? "Ended " + human.whenRelative(s.endsAt()) + ": no credits can be added from it"
                : s.available() <= 0 ? "No credits remaining"
                : null;
        return new SubscriptionChoice(s, name, warning, unavailable);
    }

    public boolean selectable() {
        return unavailable == null;
    }

    public String id() {
        return subscription.id();
    }
}
