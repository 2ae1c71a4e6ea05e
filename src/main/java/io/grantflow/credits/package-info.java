/**
 * Credits: subscriptions, HOME systems, credit assignments and their revokes. The tables gf_subscription, gf_system and
 * gf_credit_assignment are written here only, each by its repository; balances are the ledger's.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = { "account", "edge", "ledger", "protocol", "shared", "tokens" })
package io.grantflow.credits;
