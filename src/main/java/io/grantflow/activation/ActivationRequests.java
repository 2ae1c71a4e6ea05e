package io.grantflow.activation;

import org.springframework.lang.Nullable;
import io.grantflow.shared.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/** Request and answer bodies of the remote-activation API (api.md). */
final class ActivationRequests {

    private ActivationRequests() {
    }

    record AddActivation(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*") @PlainText String installationId,
            @NotNull Map<String, Object> installationKey,
            @NotNull @Positive @Max(SeatRules.MAX_SEATS) Long seats,
            @NotNull Instant expiresAt) {
    }

    record TokenBody(@NotBlank @Size(max = 8192) String token) {
    }

    record SeatConfiguration(@NotNull @Positive @Max(SeatRules.MAX_SEATS) Long seats, Instant expiresAt) {
    }

    record ReductionApproval(@NotNull Boolean approved) {
    }

    record ActivationStarted(String activationId, String processInstanceId) {
    }

    record UpdateStarted(String updateId, String activationId, String processInstanceId) {
    }

    record DisconnectStarted(String activationId, String processInstanceId, ActivationState state) {
    }

    record ReceiptAccepted(String activationId, @Nullable String updateId, String connectionJti, String receiptJti) {
    }

    record DisconnectProofAccepted(String activationId, String connectionJti, String proofJti, long seatsReleased, ActivationState state) {
    }

    record ActivationView(String id, String licenseId, String installationId, ActivationState state, long seats, long inFlightSeats,
            Instant expiresAt, boolean expiryWarning, @Nullable Instant expiryWarningAt, @Nullable String pendingUpdateId, boolean connectionTokenApplied) {
    }

    record UpdateView(String updateId, String activationId, UpdateStatus status, long currentSeats, Instant currentExpiresAt,
            @Nullable Long requestedSeats, @Nullable Instant requestedExpiresAt, @Nullable String configuredBy, @Nullable String approvedBy,
            @Nullable String message,
            Instant updateTokenExpiresAt, String processInstanceId, boolean connectionTokenReady) {
    }
}
