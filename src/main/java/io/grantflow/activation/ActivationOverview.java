package io.grantflow.activation;

import io.grantflow.account.AccountFilter;
import io.grantflow.account.CallerAccount;
import io.grantflow.shared.Shown;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caller's licenses and the activations near their expiry, for the home page, with the same account checks as the
 * API's lists: a customer's people see their own account's only, the vendor's staff every account's.
 */
@Service
@RequiredArgsConstructor
public class ActivationOverview {

    private final Licenses licenses;
    private final RemoteActivations activations;
    private final CallerAccount caller;

    /** A live activation within the expiry warning ({@code grantflow.expiry-warning-before}), its state as a sentence. */
    public record ExpiringActivation(String id, String accountId, String licenseId, String installationId, String state, long seats,
            Instant expiresAt) {
    }

    /** The newest licenses the caller may see. */
    @Transactional(readOnly = true)
    public Shown<License> licenses(int limit) {
        return licenses.newest(limit);
    }

    /** The caller's live activations within the expiry warning, soonest first. */
    @Transactional(readOnly = true)
    public Shown<ExpiringActivation> expiring(int limit) {
        Shown<RemoteActivationRepository.OfAccount> found = activations.expiring(AccountFilter.of(caller, null), limit);
        return new Shown<>(found.items().stream()
                .map(o -> new ExpiringActivation(o.activation().id(), o.accountId(), o.activation().licenseId(),
                        o.activation().installationId(), sentence(o.activation().state(), o.activation().seats()),
                        o.activation().seats(), o.activation().expiresAt()))
                .toList(), found.total());
    }

    static String sentence(ActivationState state, long seats) {
        String of = seats == 1 ? "1 seat" : seats + " seats";
        return switch (state) {
            case PENDING -> "Waiting for the installation to apply its connection token for " + of + ".";
            case ACTIVE -> "Active: the installation holds " + of + ".";
            case DISCONNECTED -> "Disconnected: its seats went back to the license.";
            case EXPIRED -> "Expired: its seats went back to the license.";
        };
    }
}
