package io.grantflow.credits;

import io.grantflow.protocol.GrantflowException;

/** The code a rule refuses with, or null when it lets the case pass. */
final class Refusals {

    private Refusals() {
    }

    static String code(Runnable rule) {
        try {
            rule.run();
            return null;
        } catch (GrantflowException e) {
            return e.code();
        }
    }
}
