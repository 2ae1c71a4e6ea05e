package io.grantflow.activation;

import org.springframework.lang.Nullable;
import io.grantflow.shared.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/** Request and answer bodies of the remote-activation API. */
final class ActivationRequests {

    private ActivationRequests() {
    }

    record AddActivation(
            @NotBlank @Size(min = 1, max = 64) @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]*$") @PlainText String installationId,
            @NotNull @Schema(ref = "#/components/schemas/EcPublicJwk") Map<String, Object> installationKey,
            @NotNull @Positive @Max(SeatRules.MAX_SEATS) Long seats,
            @NotNull Instant expiresAt) {
    }

    /** A token inside JSON: its size is the token checks' to refuse ({@code token-too-large}), as for a bare token. */
    record TokenBody(@NotBlank String token) {
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
