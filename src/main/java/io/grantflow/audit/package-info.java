/**
 * The auditors' view: timelines, ledger verification, evidence bundles, the engine-door operation log.
 */
@ApplicationModule(allowedDependencies = {"ledger", "protocol", "shared", "tokens"})
package io.grantflow.audit;

import org.springframework.modulith.ApplicationModule;
