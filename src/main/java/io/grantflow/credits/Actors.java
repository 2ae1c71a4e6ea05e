package io.grantflow.credits;

import io.grantflow.shared.GroupRoles;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user who causes a step, for the ledger and the history. */
final class Actors {

    private Actors() {
    }

    static String current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    /** An operator, or a customer's admin (whose account the assignment's loading already checked). */
    static boolean handsOutCreditFiles() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return GroupRoles.inAny(auth, "operators", io.grantflow.account.AccountRoles.CUSTOMER_ADMIN);
    }
}
