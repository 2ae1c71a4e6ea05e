/**
 * What every feature uses: properties, problems, idempotency, request limits, paths, the clock.
 */
@ApplicationModule(allowedDependencies = {"protocol"})
package io.grantflow.shared;

import org.springframework.modulith.ApplicationModule;
