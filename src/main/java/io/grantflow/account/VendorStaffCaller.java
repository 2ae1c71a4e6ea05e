package io.grantflow.account;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Until people belong to accounts, every caller is the vendor's staff. */
@Component
class VendorStaffCaller implements CallerAccount {

    @Override
    public Optional<String> boundAccount() {
        return Optional.empty();
    }
}
