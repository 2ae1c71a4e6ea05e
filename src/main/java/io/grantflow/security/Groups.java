package io.grantflow.security;

/** Camunda identity-service groups; one set of users for Tasklist, Cockpit, /engine-rest and /api. */
public final class Groups {

    public static final String OPERATORS = "operators";
    public static final String INTEGRATORS = "integrators";
    public static final String AUDITORS = "auditors";
    public static final String ADMINS = "camunda-admin";
    /** A customer's people and tokens: groups without any engine authorization, bound to their account. */
    public static final String CUSTOMER_ADMINS = io.grantflow.account.AccountRoles.CUSTOMER_ADMIN;
    public static final String CUSTOMER_VIEWERS = io.grantflow.account.AccountRoles.CUSTOMER_VIEWER;

    private Groups() {
    }
}
