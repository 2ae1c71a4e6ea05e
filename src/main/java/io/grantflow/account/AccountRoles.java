package io.grantflow.account;

import java.util.Collection;
import java.util.List;

/**
 * A customer's people: Camunda groups that hold no engine authorization at all. {@code customer-admin} does every
 * journey of its account and manages its API tokens; {@code customer-viewer} reads. Which account is
 * {@link AccountMembers}' business (a person) or the token's (an API token).
 */
public final class AccountRoles {

    public static final String CUSTOMER_ADMIN = "customer-admin";
    public static final String CUSTOMER_VIEWER = "customer-viewer";
    public static final List<String> CUSTOMER_GROUPS = List.of(CUSTOMER_ADMIN, CUSTOMER_VIEWER);
    /** The Spring authority that binds a caller to its account ({@code ACCOUNT_ACME}), set where the credential names one. */
    public static final String ACCOUNT_AUTHORITY = "ACCOUNT_";

    private AccountRoles() {
    }

    public static boolean anyCustomerGroup(Collection<String> groups) {
        return groups.stream().anyMatch(CUSTOMER_GROUPS::contains);
    }
}
