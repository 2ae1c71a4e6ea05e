package io.grantflow.activation;

import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Names and typed reads of the activation processes' variables: ids, counts, flags and dates only. What the
 * forms submit is read leniently (a number may arrive as Long, Integer, Double or text) and checked by the service.
 */
final class ActivationVariables {

    static final String ACTIVATION_ID = "activationId";
    static final String LICENSE_ID = "licenseId";
    static final String UPDATE_ID = "updateId";
    static final String STARTED_BY = "startedBy";
    static final String EXPIRES_AT = "expiresAt";
    static final String WARNING_AT = "warningAt";
    static final String CONFIGURE_BY = "configureBy";
    static final String OLD_EXPIRES_AT = "oldExpiresAt";
    static final String RECEIPT_FOLLOW_UP = "receiptFollowUp";
    static final String RECEIPT_JTI = "receiptJti";
    // Configure printer seats
    static final String CURRENT_SEATS = "currentSeats";
    /** What the installation's update token says it holds: shown beside Grantflow's own count. */
    static final String INSTALLATION_SEATS = "installationSeats";
    static final String CURRENT_EXPIRES_AT = "currentExpiresAt";
    static final String AVAILABLE_SEATS = "availableSeats";
    static final String NEW_SEATS = "newSeats";
    static final String NEW_EXPIRES_AT = "newExpiresAt";
    static final String MESSAGE = "message";
    static final String SEATS_VALID = "seatsValid";
    static final String REDUCTION = "reduction";
    static final String CONFIGURED_BY = "configuredBy";
    static final String LICENSE_EXPIRES_AT = "licenseExpiresAt";
    // Disconnect
    static final String AWAITS_PROOF = "awaitsProof";
    static final String RELEASE_AT = "releaseAt";
    static final String DISCONNECT_PROOF_JTI = "disconnectProofJti";
    // Save
    static final String SAVED = "saved";
    // Confirm seat reduction
    static final String APPROVED = "approved";

    static final String MSG_CONNECTION_TOKEN_APPLIED = "ConnectionTokenApplied";
    static final String MSG_EXPIRY_CHANGED = "ActivationExpiryChanged";
    static final String MSG_DISCONNECT_PROOF_ACCEPTED = "DisconnectProofAccepted";

    private ActivationVariables() {
    }

    static String string(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        if (value == null) {
            throw new IllegalStateException("Process variable '" + name + "' is missing");
        }
        return value.toString();
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
