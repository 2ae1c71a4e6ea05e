package io.grantflow.security;

/** Camunda identity-service groups; one set of users for Tasklist, Cockpit, /engine-rest and /api. */
public final class Groups {

    public static final String OPERATORS = "operators";
    public static final String INTEGRATORS = "integrators";
    public static final String AUDITORS = "auditors";
    public static final String ADMINS = "camunda-admin";

    private Groups() {
    }
}
