package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** "Save" of an update: irreversible, once, only what the operators configured and approved. */
@Service
@RequiredArgsConstructor
class UpdateSave {

    /** What Save did: the old expiry (bounds the wait for the receipt), or a refusal when the pool shrank since. */
    record Saved(Instant oldExpiresAt, String refusal) {
    }

    private final ActivationUpdateRepository updates;
    private final RemoteActivationRepository activations;
    private final Licenses licenses;
    private final LedgerService ledger;
    private final ActivationLifecycle lifecycle;
    private final Clock clock;

    /**
     * An increase is allocated at once; seats freed by a reduction go in flight (pending) until the receipt or the
     * old activation's expiry. The activation runs with the new seats and expiry from now on.
     */
    Saved save(String updateId, String processInstanceId) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        if (!a.state().live()) {
            throw new IllegalStateException("Activation " + a.id() + " is " + a.state() + "; the update should have ended");
        }
        // Everything below is read from the database under the activation's lock, never from process variables: a
        // modification, a message or a variable write that brings the flow here cannot make Save do more than once
        // what the operators configured and approved. A refusal throws: the job fails into an incident, nothing moves.
        requireSaveable(u, a);
        long held = ledger.holding(a.licenseId(), a.id()).held();
        SeatRules.requireHoldingMatches(a, held);
        long seats = u.requestedSeats();
        Instant expiresAt = u.requestedExpiresAt();
        long delta = seats - held;
        if (delta < 0) {
            FourEyes.requireApproval(u, updates.approved(u.id()));
        }
        // Checked before the ledger call: a refused ledger call would doom the step's transaction. The pool is locked
        // first, so the allocation sees the pool the check saw: a pool that shrank meanwhile is a refusal here (the
        // flow goes back to Configure printer seats), never a failed step waiting for its retry.
        if (delta > 0) {
            ledger.lockPool(a.licenseId());
        }
        String refusal = SeatRules.saveRefusal(licenses.get(a.licenseId()), seats, expiresAt, delta, clock.instant());
        if (refusal != null) {
            updates.refuseAtSave(u.id(), refusal);
            return new Saved(a.expiresAt(), refusal);
        }
        moveSeats(u, a, delta, processInstanceId);
        updates.markSaved(u.id(), delta < 0 ? -delta : null);
        activations.setSeatsAndExpiry(a.id(), seats, expiresAt);
        if (!expiresAt.equals(a.expiresAt())) {
            lifecycle.expiryChanged(a.id(), expiresAt);
        }
        return new Saved(a.expiresAt(), null);
    }

    /** Once per update, the open one, with an accepted configuration. */
    private void requireSaveable(ActivationUpdate u, RemoteActivation a) {
        ActivationRefusals.refuseIfSaved(u, updates.savedAt(u.id()));
        if (!u.id().equals(a.pendingUpdateId()) || u.status().ordinal() > UpdateStatus.CONNECTION_TOKEN_READY.ordinal()) {
            throw Refusal.UPDATE_NOT_OPEN.exception("Update " + u.id() + " is " + u.status() + "; there is nothing to save");
        }
        if (u.requestedSeats() == null || u.requestedExpiresAt() == null || u.configuredBy() == null) {
            throw Refusal.UPDATE_NOT_CONFIGURED.exception("Update " + u.id()
                    + " has no accepted seat configuration; Save needs Configure printer seats completed with valid values");
        }
    }

    private void moveSeats(ActivationUpdate u, RemoteActivation a, long delta, String processInstanceId) {
        String actor = u.approvedBy() == null ? u.configuredBy() : u.configuredBy() + "+" + u.approvedBy();
        if (delta > 0) {
            ledger.allocate(new Movement("increase:" + u.id(), a.licenseId(), a.id(), delta, "remote-activation-update",
                    u.updateJti(), processInstanceId, actor));
        } else if (delta < 0) {
            String pendingId = "reduce:" + u.id();
            ledger.beginRelease(new Movement(pendingId, a.licenseId(), a.id(), -delta, "remote-activation-reduction",
                    u.updateJti(), processInstanceId, actor), a.expiresAt());
            updates.setPendingTransfer(u.id(), pendingId);
        }
    }
}
