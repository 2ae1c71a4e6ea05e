package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import io.grantflow.protocol.GrantflowException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/** The operators' steps of an update before Save: "Configure printer seats", its validation, "Confirm seat reduction". */
@Service
@RequiredArgsConstructor
class UpdateConfiguration {

    /** The outcome of checking what an operator entered; {@code message} says why it was refused. */
    record SeatCheck(boolean valid, boolean reduction, String message) {
    }

    private final ActivationUpdateRepository updates;
    private final RemoteActivationRepository activations;
    private final Licenses licenses;
    private final LedgerService ledger;
    private final Clock clock;

    /** What the form shows when the task (re)appears: fresh numbers, not the ones of an earlier attempt. */
    Map<String, Object> seatsForm(String updateId) {
        ActivationUpdate u = updates.get(updateId);
        RemoteActivation a = activations.get(u.activationId());
        License license = licenses.get(a.licenseId());
        Map<String, Object> vars = new HashMap<>();
        vars.put(ActivationVariables.CURRENT_SEATS, a.seats());
        vars.put(ActivationVariables.AVAILABLE_SEATS, license.available());
        vars.put(ActivationVariables.CURRENT_EXPIRES_AT, a.expiresAt().toString());
        vars.put(ActivationVariables.LICENSE_EXPIRES_AT, license.expiresAt().toString());
        return vars;
    }

    void recordConfigurer(String updateId, String user) {
        FourEyes.requireSignedIn(user, "Configuring seats");
        refuseIfSaved(updates.get(updateId));
        updates.recordConfigurer(updateId, user);
    }

    /** Checks what was entered; refused input is kept with its message and the task comes back. */
    SeatCheck validate(String updateId, Object newSeats, Object newExpiresAt) {
        ActivationUpdate u = updates.get(updateId);
        refuseIfSaved(u);
        RemoteActivation a = activations.get(u.activationId());
        String message = null;
        Long seats = SeatInput.parseSeats(newSeats);
        Instant expiresAt = null;
        try {
            expiresAt = requireFits(a, newSeats, newExpiresAt);
        } catch (GrantflowException e) {
            message = e.getMessage();
        }
        boolean valid = message == null;
        boolean reduction = valid && SeatRules.isReduction(seats, held(a));
        // A refused configuration is not kept as if it were one: Save finds nothing to save.
        updates.recordValidation(u.id(), valid ? seats : null, valid ? expiresAt : null, message,
                reduction ? UpdateStatus.AWAITING_REDUCTION_APPROVAL : UpdateStatus.AWAITING_SEAT_CONFIGURATION);
        return new SeatCheck(valid, reduction, message);
    }

    /**
     * The engine doors' early refusal of what "Configure printer seats" submits: the rules Validate seats applies,
     * thrown with their codes ({@code seats-exceed-license}, {@code invalid-request}, {@code update-saved}), nothing written.
     */
    void precheck(String updateId, Object newSeats, Object newExpiresAt) {
        ActivationUpdate u = updates.get(updateId);
        refuseIfSaved(u);
        requireFits(activations.get(u.activationId()), newSeats, newExpiresAt);
    }

    /** What the form submitted, read and checked against the seat rules; answers the expiry it sets. */
    private Instant requireFits(RemoteActivation a, Object newSeats, Object newExpiresAt) {
        Long seats = SeatInput.parseSeats(newSeats);
        Instant expiresAt = SeatInput.parseExpiry(newExpiresAt, a.expiresAt());
        if (seats == null) {
            throw Refusal.INVALID_REQUEST.exception("Enter the new number of seats (a whole number)");
        }
        check(a, seats, expiresAt);
        return expiresAt;
    }

    /** The seat rules, shared by the process and the REST pre-check. */
    void check(RemoteActivation a, long seats, Instant expiresAt) {
        SeatRules.requireUpdateFits(licenses.get(a.licenseId()), held(a), seats, expiresAt, clock.instant());
    }

    /** Four-eyes: the service, not the form, refuses the configurer as approver. */
    void decideReduction(String updateId, String user, Boolean approved) {
        ActivationUpdate u = updates.get(updateId);
        FourEyes.requireSignedIn(user, "Confirming a reduction");
        FourEyes.refuseConfigurer(u, user);
        if (approved == null) {
            throw Refusal.INVALID_REQUEST.exception("approved is required");
        }
        refuseIfSaved(u);
        updates.recordDecision(u.id(), user, approved);
    }

    private long held(RemoteActivation a) {
        return ledger.holding(a.licenseId(), a.id()).held();
    }

    private void refuseIfSaved(ActivationUpdate u) {
        ActivationRefusals.refuseIfSaved(u, updates.savedAt(u.id()));
    }
}
