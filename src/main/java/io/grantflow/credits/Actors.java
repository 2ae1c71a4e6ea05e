package io.grantflow.credits;

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
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_operators")
                || a.getAuthority().equals("ROLE_" + io.grantflow.account.AccountRoles.CUSTOMER_ADMIN));
    }
}
