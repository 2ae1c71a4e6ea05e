/**
 * Demo data for the embedded default (off in production).
 */
@ApplicationModule(allowedDependencies = {"account", "activation", "credits", "security", "shared"})
package io.grantflow.demo;

import org.springframework.modulith.ApplicationModule;
