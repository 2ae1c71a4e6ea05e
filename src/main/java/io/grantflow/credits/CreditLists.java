package io.grantflow.credits;

import io.grantflow.account.AccountFilter;
import io.grantflow.account.CallerAccount;
import io.grantflow.shared.Paging;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The collections of subscriptions, HOME systems and credit assignments, as the caller may see them: a customer its own
 * account's, the vendor's staff every account's or the one they name. Each page and its items' views are read in one
 * transaction.
 */
@Service
@RequiredArgsConstructor
class CreditLists {

    private final SubscriptionRepository subscriptions;
    private final Subscriptions subscriptionViews;
    private final HomeSystemRepository systems;
    private final CreditAssignmentRepository assignments;
    private final CallerAccount caller;

    @Transactional(readOnly = true)
    public Paging.Page<Subscription> subscriptions(@Nullable String accountId, @Nullable SubscriptionState state, Paging.Request request) {
        AccountFilter accounts = AccountFilter.of(caller, accountId);
        if (accounts.nothing()) {
            return Paging.Page.empty();
        }
        return Paging.page(subscriptions.page(accounts.accountId(), state, request), request).map(subscriptionViews::withCredits);
    }

    @Transactional(readOnly = true)
    public <T> Paging.Page<T> systems(@Nullable String accountId, Paging.Request request, Function<HomeSystem, T> view) {
        AccountFilter accounts = AccountFilter.of(caller, accountId);
        if (accounts.nothing()) {
            return Paging.Page.empty();
        }
        return Paging.page(systems.page(accounts.accountId(), request), request).map(view);
    }

    @Transactional(readOnly = true)
    public <T> Paging.Page<T> assignments(@Nullable String accountId, @Nullable String systemId, @Nullable String subscriptionId,
            @Nullable AssignmentState state, Paging.Request request, Function<CreditAssignment, T> view) {
        AccountFilter accounts = AccountFilter.of(caller, accountId);
        if (accounts.nothing()) {
            return Paging.Page.empty();
        }
        return Paging.page(assignments.page(accounts.accountId(), systemId, subscriptionId, state, request), request).map(view);
    }
}
