/**
 * Remote activations of a license's printer seats on air-gapped installations: add, update (configure, four-eyes,
 * Save, connection token, receipt), lifecycle and disconnect. Repositories own the tables, rules are pure classes,
 * services orchestrate, one delegate class per BPMN step.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "edge", "ledger", "protocol", "shared", "tokens"})
package io.grantflow.activation;
