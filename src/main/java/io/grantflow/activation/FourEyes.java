package io.grantflow.activation;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.GrantflowException;

/** Four-eyes on a seat reduction: configured by one operator, confirmed by another. Pure. */
final class FourEyes {

    private FourEyes() {
    }

    static void requireSignedIn(String user, String what) {
        if (user == null) {
            throw refused(what + " needs a signed-in operator");
        }
    }

    /** The configurer may not confirm their own reduction. */
    static void refuseConfigurer(ActivationUpdate u, String user) {
        if (user != null && user.equals(u.configuredBy())) {
            throw refused(message(user));
        }
    }

    /** Save's check, on the database's record: a recorded yes by another operator than the configurer. */
    static void requireApproval(ActivationUpdate u, Boolean approved) {
        if (!Boolean.TRUE.equals(approved) || u.approvedBy() == null || u.approvedBy().equals(u.configuredBy())) {
            throw refused("The seat reduction of " + u.id() + " has no recorded approval by another operator than "
                    + u.configuredBy() + "; Save refuses it");
        }
    }

    static String message(String user) {
        return "A seat reduction must be confirmed by another operator than the one who configured it (" + user + ")";
    }

    static String notAnOperator(String user) {
        return "A seat reduction must be confirmed by an operator or an admin of the activation's account; " + user + " is neither";
    }

    static GrantflowException refused(String detail) {
        return Refusal.FOUR_EYES.exception(detail);
    }
}
