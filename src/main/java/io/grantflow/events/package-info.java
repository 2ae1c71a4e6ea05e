/**
 * Events for integrators: every state change of the flows, stored in the transaction of the step that made it, and
 * read back as a cursor-paged feed per account.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "protocol", "shared"})
package io.grantflow.events;
