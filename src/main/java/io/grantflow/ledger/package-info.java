/**
 * The append-only, hash-chained ledger of seats and credits, written in the engine's transaction.
 */
@ApplicationModule(allowedDependencies = {"protocol"})
package io.grantflow.ledger;

import org.springframework.modulith.ApplicationModule;
