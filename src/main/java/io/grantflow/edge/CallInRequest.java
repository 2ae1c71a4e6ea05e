package io.grantflow.edge;

import jakarta.validation.constraints.Size;
import java.util.List;

/** The call-in body; both lists may be absent. */
record CallInRequest(@Size(max = 100) List<@Size(max = 8192) String> receipts,
        @Size(max = 100) List<@Size(max = 8192) String> revokeKeys) {
}
