package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import java.time.Instant;
import io.grantflow.ledger.HolderBalance;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** What ends with an activation (its expiry or disconnect): seats back, the open update closed, other flows ended. */
@Component
@RequiredArgsConstructor
class ActivationClosing {

    private final RemoteActivationRepository activations;
    private final ActivationUpdateRepository updates;
    private final LedgerService ledger;
    private final RuntimeService runtime;

    /** Why and by whom the seats go back: the release's movement id, reason and proof for the ledger. */
    record Release(String movementId, String reason, String proof, String processInstanceId, String actor) {
    }

    /** Everything held and everything in flight goes back to the license; the activation ends in {@code state}. */
    void close(RemoteActivation a, ActivationState state, Release release, UpdateStatus updateStatus, String updateMessage,
            String flowsReason) {
        returnAllSeats(a, release);
        end(a, state, release.processInstanceId(), updateStatus, updateMessage, flowsReason);
    }

    /**
     * The activation ends in {@code state} but its installation may still run on a connection token: what it holds goes
     * in flight (the ledger's pending release, due at {@code releaseAt}) beside what an open update already had in flight,
     * and stays there until {@link #releaseInFlight}. Answers the seats in flight.
     */
    long closeInFlight(RemoteActivation a, ActivationState state, Release release, Instant releaseAt, UpdateStatus updateStatus,
            String updateMessage, String flowsReason) {
        HolderBalance held = ledger.holding(a.licenseId(), a.id());
        if (held.held() > 0) {
            ledger.beginRelease(new Movement(release.movementId(), a.licenseId(), a.id(), held.held(), release.reason(), release.proof(),
                    release.processInstanceId(), release.actor()), releaseAt);
        }
        end(a, state, release.processInstanceId(), updateStatus, updateMessage, flowsReason);
        long inFlight = ledger.holding(a.licenseId(), a.id()).pending();
        activations.setDisconnectInFlight(a.id(), inFlight);
        return inFlight;
    }

    /** When what the activation put in flight may go back without proof: the latest timeout of its open pending releases. */
    Instant inFlightDue(RemoteActivation a) {
        Instant due = a.expiresAt();
        for (String pending : ledger.openPending(a.licenseId(), a.id())) {
            Instant timeout = ledger.pendingTimeout(pending).orElse(null);
            if (timeout != null && timeout.isAfter(due)) {
                due = timeout;
            }
        }
        return due;
    }

    /** Everything the activation has in flight goes back to the license (the proof arrived, or what it held expired). */
    void releaseInFlight(RemoteActivation a, Release release) {
        postOpenPending(a, release);
        activations.setDisconnectInFlight(a.id(), 0);
    }

    /** The seats released are whatever the ledger still holds. */
    private void returnAllSeats(RemoteActivation a, Release release) {
        postOpenPending(a, release);
        HolderBalance held = ledger.holding(a.licenseId(), a.id());
        if (held.held() > 0) {
            ledger.release(new Movement(release.movementId(), a.licenseId(), a.id(), held.held(), release.reason(), release.proof(),
                    release.processInstanceId(), release.actor()));
        }
    }

    /** Every pending release of the activation is posted: those seats are the license's again. */
    private void postOpenPending(RemoteActivation a, Release release) {
        for (String pending : ledger.openPending(a.licenseId(), a.id())) {
            ledger.postPending(pending, "post:" + pending, release.reason(), release.proof(), release.processInstanceId(), release.actor());
        }
    }

    /** The open update closed, the activation's other flows ended, the activation in its final state. */
    private void end(RemoteActivation a, ActivationState state, String processInstanceId, UpdateStatus updateStatus,
            String updateMessage, String flowsReason) {
        if (a.pendingUpdateId() != null) {
            updates.endIfOpen(a.pendingUpdateId(), updateStatus, updateMessage);
            activations.clearPendingUpdate(a.id());
        }
        endOtherFlows(a.id(), processInstanceId, flowsReason);
        activations.setState(a.id(), state);
    }

    /** Add and update flows still waiting for this activation end with it. */
    private void endOtherFlows(String activationId, String exceptProcessInstanceId, String reason) {
        // by key: the disconnect's definition id is a bare UUID (key, version and UUID exceed the engine's 64 characters)
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(activationId)
                .processDefinitionKeyNotIn(ActivationProcesses.Disconnect.KEY).list().stream()
                .filter(pi -> !pi.getId().equals(exceptProcessInstanceId))
                .forEach(pi -> runtime.deleteProcessInstance(pi.getId(), reason, true, true));
    }
}
