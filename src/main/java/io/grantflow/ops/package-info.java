/**
 * Operations: metrics, engine events, the OpenAPI document.
 */
@ApplicationModule(allowedDependencies = {"ledger"})
package io.grantflow.ops;

import org.springframework.modulith.ApplicationModule;
