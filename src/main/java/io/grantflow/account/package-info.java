/**
 * Accounts: the customers whose licenses and subscriptions Grantflow manages.
 */
@ApplicationModule(allowedDependencies = {"shared"})
package io.grantflow.account;

import org.springframework.modulith.ApplicationModule;
