/**
 * Signing keys, the server's signer, edge keys, verification and the token registry: the one way a token is issued or accepted.
 */
@ApplicationModule(allowedDependencies = {"protocol", "shared"})
package io.grantflow.tokens;

import org.springframework.modulith.ApplicationModule;
