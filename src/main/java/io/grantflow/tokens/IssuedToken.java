package io.grantflow.tokens;

import java.time.Instant;

/** A token Grantflow signed: its compact form and what the history keeps of it. */
public record IssuedToken(String jti, String compact, Instant issuedAt, Instant expiresAt) {
}
