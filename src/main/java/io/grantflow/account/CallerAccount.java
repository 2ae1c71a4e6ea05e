package io.grantflow.account;

import java.util.Optional;

/**
 * The account the signed-in caller belongs to. A customer's people and their API tokens are bound to one account and
 * see only its objects; the vendor's staff (operators, integrators, auditors, admin) work across accounts.
 */
public interface CallerAccount {

    /** The caller's own account; empty for the vendor's staff, who may see every account. */
    Optional<String> boundAccount();

    /** Whether the caller may see an object of this account (one they may not see is answered as if it did not exist). */
    default boolean maySee(String accountId) {
        return boundAccount().map(own -> own.equals(accountId)).orElse(true);
    }
}
