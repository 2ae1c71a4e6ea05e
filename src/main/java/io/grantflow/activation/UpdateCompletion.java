package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import io.grantflow.tokens.IssuedToken;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/** What follows Save: the connection token, the receipt or the old activation's expiry, and the update's other ends. */
@Service
@RequiredArgsConstructor
class UpdateCompletion {

    private final ActivationUpdateRepository updates;
    private final RemoteActivationRepository activations;
    private final LedgerService ledger;
    private final ConnectionTokens connectionTokens;
    private final ReceiptProof receiptProof;
    private final Clock clock;

    /** Only for what Save saved, once per update: the token's seats are the ledger's holding, which Save set. */
    IssuedToken issueConnectionToken(String updateId, String processInstanceId) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        if (updates.savedAt(u.id()) == null) {
            throw Refusal.UPDATE_NOT_SAVED.exception("Update " + u.id() + " was not saved; no connection token without Save");
        }
        if (u.connectionJti() != null) {
            throw Refusal.CONNECTION_TOKEN_ISSUED.exception("Update " + u.id() + " has its connection token ("
                    + u.connectionJti() + "); one per update");
        }
        long held = ledger.holding(a.licenseId(), a.id()).held();
        SeatRules.requireTokenSeatsMatch(a, u, held);
        IssuedToken token = connectionTokens.issue(a, held, a.expiresAt(), u.updateJti(), processInstanceId);
        updates.connectionTokenIssued(u.id(), token.jti());
        return token;
    }

    /**
     * The receipt proved the new token is applied: in-flight seats return to the license. The jti the message
     * announced is not taken as proof: the registry's accepted receipt for this update's token is.
     */
    void applied(String updateId, String processInstanceId) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        String receipt = receiptProof.require(a, u.connectionJti());
        postInFlight(u, a, "receipt", receipt, processInstanceId);
        finish(u, UpdateStatus.APPLIED, null);
    }

    /** Refuses ({@code too-early}) before the old activation expired: when the timer fires and again in the step. */
    void requireOldActivationExpired(String updateId) {
        ActivationUpdate u = updates.get(updateId);
        requireOldActivationExpired(u, u.activationId());
    }

    /** No receipt before the old activation expired: the installation runs without the freed seats by now. */
    void oldActivationExpired(String updateId, String processInstanceId) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.lock(u.activationId());
        Instant due = requireOldActivationExpired(u, a.id());
        postInFlight(u, a, "old-activation-expired", "expiry:" + due, processInstanceId);
        finish(u, UpdateStatus.EXPIRED, "No receipt before the old activation expired; the freed seats returned to the license");
    }

    void rejected(String updateId) {
        ActivationUpdate u = updates.get(updateId);
        finish(u, UpdateStatus.REJECTED, "The seat reduction was refused by " + u.approvedBy() + "; nothing changed");
    }

    void expired(String updateId) {
        finish(updates.get(updateId), UpdateStatus.EXPIRED, "The update token expired before the seats were configured; nothing changed");
    }

    /** The clock decides: the old activation's expiry as the ledger's pending transfer recorded it at Save. */
    private Instant requireOldActivationExpired(ActivationUpdate u, String activationId) {
        Instant due = u.pendingTransferId() == null ? u.currentExpiresAt()
                : ledger.pendingTimeout(u.pendingTransferId()).orElse(u.currentExpiresAt());
        TimeRules.requireDue(clock.instant(), due, "The old activation of " + activationId + " expires at " + due
                + "; its in-flight seats return then or with the installation's receipt");
        return due;
    }

    private void postInFlight(ActivationUpdate u, RemoteActivation a, String reason, String proof, String processInstanceId) {
        String pending = u.pendingTransferId();
        if (pending != null && ledger.openPending(a.licenseId(), a.id()).contains(pending)) {
            ledger.postPending(pending, "post:" + pending, reason, proof, processInstanceId, "grantflow");
        }
    }

    private void finish(ActivationUpdate u, UpdateStatus status, String message) {
        updates.finish(u.id(), status, message);
        activations.releaseUpdate(u.activationId(), u.id());
    }
}
