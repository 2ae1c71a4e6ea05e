package io.grantflow.activation;

import io.grantflow.account.AccountFilter;
import io.grantflow.account.CallerAccount;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.Paging;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The collections of remote activations and of an activation's updates, as the caller may see them: a customer its own
 * account's, the vendor's staff every account's. Each page and its items' views are read in one transaction.
 */
@Service
@RequiredArgsConstructor
class ActivationLists {

    private final RemoteActivationRepository activations;
    private final ActivationUpdateRepository updates;
    private final LicenseRepository licenses;
    private final CallerAccount caller;

    /** Activations oldest first, of one account, license and state where given (null: any). */
    @Transactional(readOnly = true)
    public <T> Paging.Page<T> activations(@Nullable String accountId, @Nullable String licenseId, @Nullable ActivationState state,
            Paging.Request request, Function<RemoteActivation, T> view) {
        AccountFilter accounts = AccountFilter.of(caller, accountId);
        if (accounts.nothing()) {
            return Paging.Page.empty();
        }
        return Paging.page(activations.page(accounts.accountId(), licenseId, state, request), request).map(view);
    }

    /** An activation's updates oldest first, in one status where given; another account's activation is not found. */
    @Transactional(readOnly = true)
    public <T> Paging.Page<T> updates(String activationId, @Nullable UpdateStatus status, Paging.Request request,
            Function<ActivationUpdate, T> view) {
        RemoteActivation activation = activations.get(activationId);
        String accountId = licenses.find(activation.licenseId()).map(LicenseRepository.LicenseRow::accountId).orElse(null);
        if (!caller.maySee(accountId)) {
            throw GrantflowException.notFound("Remote activation", activationId);
        }
        return Paging.page(updates.page(activationId, status, request), request).map(view);
    }
}
