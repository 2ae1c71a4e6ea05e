package io.grantflow.activation;

import io.grantflow.account.AccountMembers;
import io.grantflow.account.AccountRoles;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

/** A customer's admins approve their own account's seat reductions: the four-eyes rule holds among them as among operators. */
@Component
@RequiredArgsConstructor
class AccountAdmins {

    private final AccountMembers members;
    private final ActivationUpdateRepository updates;
    private final RemoteActivationRepository activations;
    private final LicenseRepository licenses;

    /** Whether {@code user} is in the identity service's customer-admin group and a member of the update's account. */
    boolean isAdminOfUpdatesAccount(IdentityService identity, String user, String updateId) {
        if (identity.createUserQuery().userId(user).memberOfGroup(AccountRoles.CUSTOMER_ADMIN).count() == 0) {
            return false;
        }
        String account = members.accountOf(user).orElse(null);
        String updatesAccount = updates.find(updateId).flatMap(u -> activations.find(u.activationId()))
                .flatMap(a -> licenses.find(a.licenseId())).map(LicenseRepository.LicenseRow::accountId).orElse(null);
        return account != null && Objects.equals(account, updatesAccount);
    }
}
