package io.grantflow.credits;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What an assignment of credits needs from its request, its system and its subscription. Pure: the caller gives the time. */
final class CreditRules {

    private CreditRules() {
    }

    /** Everything a start checks before it reserves, in the order a caller hears the refusals. */
    static void requireStartable(HomeSystem system, Subscription subscription, long credits, Instant autoRevokeAt, long maxCredits,
            Instant now) {
        requireCreditsInRange(credits, maxCredits);
        requireFuture(autoRevokeAt, now);
        requireAssignable(system, subscription, autoRevokeAt, now);
        requireEnough(subscription, credits);
    }

    /** Between 1 and the configured most: a typo of a few zeros is refused, not reserved. */
    static void requireCreditsInRange(long credits, long max) {
        if (credits < 1 || credits > max) {
            throw Refusal.INVALID_REQUEST.exception("credits: must be between 1 and " + max);
        }
    }

    static void requireFuture(Instant autoRevokeAt, Instant now) {
        if (autoRevokeAt != null && !autoRevokeAt.isAfter(now)) {
            throw Refusal.INVALID_REQUEST.exception("autoRevokeAt: must be in the future");
        }
    }

    /**
     * The system and the subscription are the same account's, the subscription is active (or cancelled but not yet
     * ended), and a temporary assignment returns within it.
     */
    static void requireAssignable(HomeSystem system, Subscription subscription, Instant autoRevokeAt, Instant now) {
        if (!subscription.accountId().equals(system.accountId())) {
            throw Refusal.ACCOUNT_MISMATCH.exception("System " + system.id() + " belongs to account "
                    + system.accountId() + ", subscription " + subscription.id() + " to " + subscription.accountId());
        }
        boolean ended = !subscription.endsAt().isAfter(now);
        if (subscription.state() == SubscriptionState.INACTIVE || ended) {
            throw Refusal.SUBSCRIPTION_NOT_ACTIVE.exception("Subscription " + subscription.id() + " is "
                    + (ended ? "ended since " + subscription.endsAt() : subscription.state()));
        }
        if (autoRevokeAt != null && autoRevokeAt.isAfter(subscription.endsAt())) {
            throw Refusal.INVALID_REQUEST.exception("autoRevokeAt: must not be after the subscription's end "
                    + subscription.endsAt());
        }
    }

    static void requireEnough(Subscription subscription, long credits) {
        if (subscription.available() < credits) {
            throw insufficient(subscription.id(), subscription.available(), credits);
        }
    }

    static GrantflowException insufficient(String subscriptionId, long available, long requested) {
        return Refusal.INSUFFICIENT_CREDITS.exception("Subscription " + subscriptionId + " has "
                + available + " credits available, " + requested + " requested");
    }

    /** When the credits return by themselves: at the auto-revoke date, else at the subscription's end (whole seconds). */
    static Instant expiresAt(Subscription subscription, Instant autoRevokeAt) {
        return (autoRevokeAt != null ? autoRevokeAt : subscription.endsAt()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The warning an assignment from a cancelled subscription carries; null for any other. */
    static String cancelledWarning(Subscription subscription) {
        return subscription.state() == SubscriptionState.CANCELLED
                ? "subscription-cancelled: the credits expire at " + subscription.endsAt() : null;
    }

    /** The warning a subscription is shown with: cancelled but usable until its end, or ended. */
    static String shownWarning(SubscriptionState state, Instant endsAt, Instant now) {
        if (state == SubscriptionState.CANCELLED) {
            return endsAt.isAfter(now) ? "subscription-cancelled: credits stay usable until " + endsAt : "subscription-ended";
        }
        return null;
    }

    static boolean ended(Subscription subscription, Instant now) {
        return !subscription.endsAt().isAfter(now);
    }
}
