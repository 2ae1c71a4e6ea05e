package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.tokens.TokenRecords;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * The steps of remote-activation-disconnect: the activation ends, its seats go back at once (never applied) or in
 * flight until the installation's disconnect proof or the expiry of what it holds, then the installation's key is
 * refused.
 */
@Service
@RequiredArgsConstructor
class ActivationDisconnects {

    private final RemoteActivationRepository activations;
    private final ActivationClosing closing;
    private final EdgeKeys edgeKeys;
    private final TokenRecords records;
    private final Clock clock;

    /** What the disconnect did: whether the seats wait for proof, and until when at most. */
    record Disconnected(boolean awaitsProof, Instant releaseAt) {
    }

    /** The activation disconnected, its other flows ended; its seats back, or in flight when it applied a connection token. */
    Disconnected disconnect(String activationId, String processInstanceId) {
        RemoteActivation a = activations.lock(activationId);
        if (!a.state().live()) {
            // A stray start: what an earlier disconnect put in flight waits in that flow, not this one.
            return new Disconnected(false, null);
        }
        // The request is Grantflow's record, not the process: a disconnect flow started by other means frees nothing.
        String requestedBy = activations.disconnectRequestedBy(a.id());
        if (requestedBy == null) {
            throw Refusal.DISCONNECT_NOT_REQUESTED.exception("No disconnect of " + a.id()
                    + " was requested through Grantflow (POST /api/v1/remote-activations/{id}/disconnect); its seats stay");
        }
        ActivationClosing.Release release = new ActivationClosing.Release("disconnect:" + a.id(), "activation-disconnected",
                "disconnect-requested-by:" + requestedBy, processInstanceId, requestedBy);
        if (a.appliedConnectionJti() == null) {
            // No receipt ever: the installation never ran on these seats.
            closing.close(a, ActivationState.DISCONNECTED, release, UpdateStatus.REJECTED, "The activation was disconnected",
                    "activation disconnected");
            return new Disconnected(false, null);
        }
        Instant releaseAt = closing.inFlightDue(a);
        long inFlight = closing.closeInFlight(a, ActivationState.DISCONNECTED, release, releaseAt, UpdateStatus.REJECTED,
                "The activation was disconnected", "activation disconnected");
        return new Disconnected(inFlight > 0, releaseAt);
    }

    /**
     * The proof arrived: only with proof from the database, the token registry's accepted disconnect+jwt for this
     * activation; a message sent to the flow by other means is refused (the step fails, nothing moves).
     */
    void releaseOnProof(String activationId, String processInstanceId) {
        RemoteActivation a = activations.lock(activationId);
        if (!a.awaitsDisconnectProof()) {
            return;
        }
        String proof = activations.disconnectProofJti(a.id());
        if (proof == null || !records.accepted(a.installationId(), proof, TokenType.DISCONNECT, a.id())) {
            throw Refusal.DISCONNECT_PROOF_MISSING.exception("No accepted disconnect proof of activation " + a.id()
                    + ": its seats stay in flight until the installation's proof or their expiry");
        }
        closing.releaseInFlight(a, new ActivationClosing.Release(null, "disconnect-proof", proof, processInstanceId, a.installationId()));
    }

    /** Refuses ({@code too-early}) before what the installation holds expired: when the timer fires and again in the step. */
    void requireReleaseDue(String activationId) {
        RemoteActivation a = activations.get(activationId);
        if (a.awaitsDisconnectProof()) {
            requireDue(a);
        }
    }

    /** No proof before the expiry of what the installation holds: it runs without those seats by now. */
    void releaseOnExpiry(String activationId, String processInstanceId) {
        RemoteActivation a = activations.lock(activationId);
        if (!a.awaitsDisconnectProof()) {
            return;
        }
        Instant due = requireDue(a);
        closing.releaseInFlight(a, new ActivationClosing.Release(null, "disconnect-expired", "expiry:" + due, processInstanceId, "grantflow"));
    }

    /** The installation's key is disabled once no activation of it is live or waits for its disconnect proof. */
    void disableKeyIfUnused(String activationId) {
        RemoteActivation a = activations.get(activationId);
        boolean stillNeeded = activations.ofInstallation(a.installationId()).stream()
                .anyMatch(o -> o.state().live() || o.awaitsDisconnectProof());
        if (!stillNeeded) {
            edgeKeys.disable(a.installationId());
        }
    }

    // The clock decides, not the timer's firing: a job executed early or a modification into the step fails.
    private Instant requireDue(RemoteActivation a) {
        Instant due = closing.inFlightDue(a);
        TimeRules.requireDue(clock.instant(), due, "What installation " + a.installationId() + " holds of activation " + a.id()
                + " expires at " + due + "; its in-flight seats return then or with its disconnect proof");
        return due;
    }
}
