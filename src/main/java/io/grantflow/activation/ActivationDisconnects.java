package io.grantflow.activation;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.tokens.EdgeKeys;
import org.springframework.stereotype.Service;

/** The steps of remote-activation-disconnect: seats back to the license, then the installation's key refused. */
@Service
@RequiredArgsConstructor
class ActivationDisconnects {

    private final RemoteActivationRepository activations;
    private final ActivationClosing closing;
    private final EdgeKeys edgeKeys;

    /** Seats back, other flows of the activation ended, tokens refused. */
    void disconnect(String activationId, String processInstanceId) {
        RemoteActivation a = activations.lock(activationId);
        if (!a.state().live()) {
            return;
        }
        // The request is Grantflow's record, not the process: a disconnect flow started by other means frees nothing.
        String requestedBy = activations.disconnectRequestedBy(a.id());
        if (requestedBy == null) {
            throw GrantflowException.conflict("disconnect-not-requested", "No disconnect of " + a.id()
                    + " was requested through Grantflow (POST /api/v1/remote-activations/{id}/disconnect); its seats stay");
        }
        closing.close(a, ActivationState.DISCONNECTED, new ActivationClosing.Release("disconnect:" + a.id(), "activation-disconnected",
                "disconnect-requested-by:" + requestedBy, processInstanceId, requestedBy), UpdateStatus.REJECTED,
                "The activation was disconnected", "activation disconnected");
    }

    /** The installation's key is disabled once no live activation needs it. */
    void disableKeyIfUnused(String activationId) {
        RemoteActivation a = activations.get(activationId);
        boolean stillLive = activations.ofInstallation(a.installationId()).stream().anyMatch(o -> o.state().live());
        if (!stillLive) {
            edgeKeys.disable(a.installationId());
        }
    }
}
