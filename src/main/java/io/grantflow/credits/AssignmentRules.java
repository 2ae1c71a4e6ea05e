package io.grantflow.credits;

import io.grantflow.protocol.Refusal;

import io.grantflow.ledger.HolderBalance;
import io.grantflow.protocol.GrantflowException;
import java.time.Instant;

/** What an assignment's state and time allow: handing out its file, returning its credits, revoking it. Pure. */
final class AssignmentRules {

    private AssignmentRules() {
    }

    /** A download: only while the credits are held and their time is not up (a file handed out then is expired already). */
    static void requireDownloadable(CreditAssignment a, Instant now) {
        if (a.state().isFinal() || a.state() == AssignmentState.REVOKING) {
            throw notActive(a.id(), "is " + a.state());
        }
        if (!a.expiresAt().isAfter(now)) {
            throw notActive(a.id(), "expired at " + a.expiresAt());
        }
    }

    /** The issued file again: only while the assignment holds its credits, as a download answers. */
    static void requireServable(CreditAssignment a, Instant now) {
        if (a.state().isFinal() || a.state() == AssignmentState.REVOKING) {
            throw notActive(a.id(), "is " + a.state() + "; its credit file is no longer handed out");
        }
        if (a.fileJti() != null && !a.expiresAt().isAfter(now)) {
            throw notActive(a.id(), "expired at " + a.expiresAt());
        }
    }

    static void requireIssued(CreditAssignment a) {
        if (a.fileJti() == null) {
            throw Refusal.NOT_READY.exception("The credit file of " + a.id() + " is issued when it is downloaded");
        }
    }

    /** The clock decides when credits return without a key, not a timer's firing (an early job, a modification). */
    static void requireTimeUp(CreditAssignment a, Instant now) {
        if (now.isBefore(a.expiresAt())) {
            throw Refusal.TOO_EARLY.exception("The credits of " + a.id() + " return at " + a.expiresAt()
                    + " (" + (a.temporary() ? "auto-revoke" : "subscription end") + "), or earlier only with a revoke key");
        }
    }

    static void requireRevocable(CreditAssignment a) {
        if (a.state().isFinal()) {
            throw notActive(a.id(), "is " + a.state());
        }
        if (a.state() == AssignmentState.REVOKING) {
            throw Refusal.REVOKE_IN_PROGRESS.exception("A revoke of " + a.id() + " waits for its revoke key");
        }
    }

    static void requireRevoking(CreditAssignment a) {
        if (a.state().isFinal()) {
            throw notActive(a.id(), "is " + a.state());
        }
        if (a.state() != AssignmentState.REVOKING) {
            throw Refusal.NO_REVOKE_IN_PROGRESS.exception("Start a revoke of " + a.id() + " first (body {})");
        }
    }

    /** A flow may end saying the credits came back only when the assignment is final and holds nothing on the ledger. */
    static void requireReturned(CreditAssignment a, HolderBalance holding) {
        if (!a.state().isFinal() || holding.held() != 0 || holding.pending() != 0) {
            throw Refusal.CREDITS_NOT_RETURNED.exception("Assignment " + a.id() + " is " + a.state() + " and holds "
                    + holding.held() + " (+" + holding.pending() + " in flight) credits: its flow may not end as returned"
                    + " before the ledger says so");
        }
    }

    private static GrantflowException notActive(String id, String detail) {
        return Refusal.ASSIGNMENT_NOT_ACTIVE.exception("Assignment " + id + " " + detail);
    }
}
