package io.grantflow.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/v1/edge/call-in}: receipts of applied connection tokens, revoke keys and disconnect
 * proofs, each may be absent. The size limits are part of the contract; the server checks them, the agent stays within
 * them. A token above the token limit is refused on its own with {@code token-too-large}, like any other token the
 * call-in refuses.
 */
public record CallInRequest(@Size(max = 100) List<String> receipts, @Size(max = 100) List<String> revokeKeys,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @Size(max = 100) List<String> disconnectProofs) {

    /** Receipts and revoke keys only (an edge with no disconnect proof to hand back). */
    public CallInRequest(List<String> receipts, List<String> revokeKeys) {
        this(receipts, revokeKeys, null);
    }

    /** Receipts posted, never null. */
    public List<String> receiptsOrNone() {
        return receipts == null ? List.of() : receipts;
    }

    /** Revoke keys posted, never null. */
    public List<String> revokeKeysOrNone() {
        return revokeKeys == null ? List.of() : revokeKeys;
    }

    /** Disconnect proofs posted, never null. */
    public List<String> disconnectProofsOrNone() {
        return disconnectProofs == null ? List.of() : disconnectProofs;
    }
}
