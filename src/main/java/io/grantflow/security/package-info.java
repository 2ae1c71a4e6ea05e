/**
 * Who may pass which door: logins, groups and grants, cross-site and content-type checks, engine-door policy.
 */
@ApplicationModule(allowedDependencies = {"account", "protocol", "shared"})
package io.grantflow.security;

import org.springframework.modulith.ApplicationModule;
