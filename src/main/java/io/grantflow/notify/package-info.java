/**
 * E-mail notifications: listens to the features' events (stored by the event publication registry) and tells the
 * people of the account they are about.
 */
@ApplicationModule(allowedDependencies = {"activation", "credits", "ops", "tokens"})
package io.grantflow.notify;

import org.springframework.modulith.ApplicationModule;
