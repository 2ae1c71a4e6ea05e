package io.grantflow.account;

import java.util.Optional;
import org.springframework.lang.Nullable;

/**
 * The accounts a collection lists for the signed-in caller: a customer's own account only, whatever it asks for; the
 * vendor's staff every account, or the one they name.
 *
 * @param accountId the account to list, null for every account
 * @param nothing whether the caller asked for an account it may not see: the list is empty, as if the account had none
 */
public record AccountFilter(@Nullable String accountId, boolean nothing) {

    public static AccountFilter of(CallerAccount caller, @Nullable String requested) {
        Optional<String> own = caller.boundAccount();
        if (own.isEmpty()) {
            return new AccountFilter(requested, false);
        }
        return new AccountFilter(own.get(), requested != null && !requested.equals(own.get()));
    }
}
