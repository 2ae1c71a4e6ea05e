package io.grantflow.activation;

import io.grantflow.ledger.HoldingClaims;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What each activation should hold of its license's pool: a live one its {@code seats}, plus the seats its open
 * update put in flight; a disconnected one whose installation may still hold seats those in flight until its disconnect
 * proof or their expiry; otherwise nothing. The ledger verifier compares this with the ledger, and reports seats held
 * with no flow of the activation's running (its lifecycle, an add or update, a disconnect).
 */
@Component
class ActivationHoldingClaims implements HoldingClaims {

    private final RemoteActivationRepository activations;

    ActivationHoldingClaims(RemoteActivationRepository activations) {
        this.activations = activations;
    }

    @Override
    public List<Claim> claims(String poolId) {
        return activations.seatsAndInFlight(poolId).stream().map(row -> {
            boolean live = row.state().live();
            return new Claim(row.licenseId(), row.id(), "activation", row.state().name(), live ? row.seats() : 0,
                    live ? row.inFlight() : row.disconnectInFlight(), row.flowRunning());
        }).toList();
    }
}
