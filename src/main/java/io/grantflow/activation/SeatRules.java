package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
import java.time.Instant;
import java.util.Objects;

/** The seat rules of activations and their updates: seats against the license, reductions, Save's rechecks. Pure. */
final class SeatRules {

    /** A sane upper bound on one activation's seats; larger numbers are typing errors. */
    static final long MAX_SEATS = 100_000;

    private SeatRules() {
    }

    /** Seats within (0, MAX_SEATS]; an expiry in the future and not after the license's. */
    static void requireSeatsAndExpiry(License license, long seats, Instant expiresAt, Instant now) {
        if (seats <= 0 || seats > MAX_SEATS) {
            throw Refusal.INVALID_REQUEST.exception("seats must be between 1 and " + MAX_SEATS);
        }
        if (expiresAt == null || !expiresAt.isAfter(now)) {
            throw Refusal.INVALID_REQUEST.exception("expiresAt must be in the future");
        }
        if (expiresAt.isAfter(license.expiresAt())) {
            throw Refusal.INVALID_REQUEST.exception("expiresAt may not be after the license's expiry " + license.expiresAt());
        }
    }

    /** Not over the seats on your license: {@code more} seats must be available in its pool. */
    static void requireAvailable(long more, License license) {
        if (more > license.available()) {
            throw seatsExceed(more, license.available());
        }
    }

    /** An update's configuration: the activation's rules, and the seats it adds to what it holds must be available. */
    static void requireUpdateFits(License license, long held, long seats, Instant expiresAt, Instant now) {
        requireSeatsAndExpiry(license, seats, expiresAt, now);
        requireAvailable(seats - held, license);
    }

    /** Fewer seats than held: the freed seats go in flight and need a second operator's approval. */
    static boolean isReduction(long seats, long held) {
        return seats < held;
    }

    /**
     * Save's recheck on the stored values (the clock or the license may have moved since validation): null when Save
     * may move {@code delta} seats, else why not.
     */
    static String saveRefusal(License license, long seats, Instant expiresAt, long delta, Instant now) {
        try {
            requireSeatsAndExpiry(license, seats, expiresAt, now);
            requireAvailable(delta, license);
            return null;
        } catch (GrantflowException e) {
            return e.getMessage();
        }
    }

    /** Save moves nothing while the activation and the ledger disagree on its seats. */
    static void requireHoldingMatches(RemoteActivation a, long held) {
        if (a.seats() != held) {
            throw Refusal.HOLDING_MISMATCH.exception("Activation " + a.id() + " says " + a.seats()
                    + " seats, the ledger holds " + held + "; Save moves nothing until they agree (see the ledger verification)");
        }
    }

    /** A connection token's seats are the ledger's holding, which Save set: activation, update and ledger agree. */
    static void requireTokenSeatsMatch(RemoteActivation a, ActivationUpdate u, long held) {
        if (held != a.seats() || !Objects.equals(u.requestedSeats(), held)) {
            throw Refusal.HOLDING_MISMATCH.exception("Activation " + a.id() + " says " + a.seats() + " seats, update "
                    + u.id() + " saved " + u.requestedSeats() + ", the ledger holds " + held + "; no connection token is signed");
        }
    }

    static GrantflowException seatsExceed(long wanted, long available) {
        return Refusal.SEATS_EXCEED_LICENSE.exception(wanted + " more seats requested, the license has " + available + " available");
    }
}
