package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;
import java.time.Instant;

/** The conflicts an activation's state gives, with their codes. */
final class ActivationRefusals {

    private ActivationRefusals() {
    }

    static GrantflowException notActive(RemoteActivation a) {
        return Refusal.ACTIVATION_NOT_ACTIVE.exception("Remote activation " + a.id() + " is " + a.state() + "; its tokens are no longer accepted");
    }

    static GrantflowException updateInProgress(RemoteActivation a) {
        return Refusal.UPDATE_IN_PROGRESS.exception("Remote activation " + a.id() + " has an update in progress (" + a.pendingUpdateId() + "); one at a time");
    }

    /** A saved update is closed to configuration and approval: what Save moved is not rewritten afterwards. */
    static void refuseIfSaved(ActivationUpdate u, Instant savedAt) {
        if (savedAt != null) {
            throw Refusal.UPDATE_SAVED.exception("Update " + u.id() + " was saved at " + savedAt
                    + "; Save runs once per update, start a new update to change the seats again");
        }
    }
}
