/**
 * Operations: metrics, engine events, the OpenAPI document.
 */
@ApplicationModule(allowedDependencies = {"ledger", "protocol"})
package io.grantflow.ops;

import org.springframework.modulith.ApplicationModule;
