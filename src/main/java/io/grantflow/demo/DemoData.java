package io.grantflow.demo;

import lombok.RequiredArgsConstructor;
import io.grantflow.account.AccountMembers;
import io.grantflow.account.Accounts;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.security.Groups;
import io.grantflow.shared.GrantflowProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo accounts, pools and users, created once, on the first start of a database with {@code grantflow.demo=true}
 * (the embedded default). Passwords equal the user names: for trying Grantflow, never for production.
 */
@Component
@Order(1)
@RequiredArgsConstructor
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String ACTOR = "demo-data";

    private final GrantflowProperties properties;
    private final Accounts accounts;
    private final AccountMembers members;
    private final Licenses licenses;
    private final Subscriptions subscriptions;
    private final IdentityService identity;
    private final TransactionTemplate tx;
    private final Clock clock;

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!accounts.exists("ACME")) {
            staff(now);
        }
        customers(now);
    }

    /** The accounts, their pools and the vendor's staff. */
    private void staff(Instant now) {
        tx.executeWithoutResult(s -> {
            accounts.create("ACME", "ACME Printing Ltd.");
            accounts.create("GLOBEX", "Globex Corporation");
            licenses.create("LIC-DEMO", "ACME", 100, now.plus(Duration.ofDays(365)), ACTOR);
            subscriptions.create("SUB-ANNUAL", "ACME", "ANNUAL", SubscriptionState.ACTIVE, 500, now, now.plus(Duration.ofDays(365)), ACTOR);
            subscriptions.create("SUB-MONTHLY", "ACME", "MONTHLY", SubscriptionState.ACTIVE, 50, now, now.plus(Duration.ofDays(30)), ACTOR);
            subscriptions.create("SUB-CANCELLED", "ACME", "ANNUAL", SubscriptionState.CANCELLED, 100,
                    now.minus(Duration.ofDays(345)), now.plus(Duration.ofDays(20)), ACTOR);
            subscriptions.create("SUB-INACTIVE", "ACME", "MONTHLY", SubscriptionState.INACTIVE, 100,
                    now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30)), ACTOR);
            subscriptions.create("SUB-GLOBEX", "GLOBEX", "ANNUAL", SubscriptionState.ACTIVE, 100, now, now.plus(Duration.ofDays(365)), ACTOR);
        });
        user("operator", "Olivia", "Operator", Groups.OPERATORS);
        user("operator2", "Oscar", "Operator", Groups.OPERATORS);
        user("integrator", "Ivan", "Integrator", Groups.INTEGRATORS);
        user("auditor", "Ada", "Auditor", Groups.AUDITORS);
        log.info("Demo data created: accounts ACME and GLOBEX, LIC-DEMO, SUB-*, users operator, operator2, integrator, auditor");
    }

    /** Each account's own people, and GLOBEX's license: added to a demo database that has none yet. */
    private void customers(Instant now) {
        if (licenses.find("LIC-GLOBEX").isEmpty()) {
            tx.executeWithoutResult(s -> licenses.create("LIC-GLOBEX", "GLOBEX", 20, now.plus(Duration.ofDays(365)), ACTOR));
        }
        customer("acme-admin", "Alice", "ACME", "ACME");
        customer("acme-admin2", "Arthur", "ACME", "ACME");
        customer("globex-admin", "Gina", "Globex", "GLOBEX");
    }

    private void customer(String id, String first, String last, String account) {
        if (identity.createUserQuery().userId(id).count() > 0) {
            return;
        }
        user(id, first, last, Groups.CUSTOMER_ADMINS);
        members.join(id, account);
        log.info("Demo customer {} created: {} of account {}", id, Groups.CUSTOMER_ADMINS, account);
    }

    private void user(String id, String first, String last, String group) {
        if (identity.createUserQuery().userId(id).count() > 0) {
            return;
        }
        User user = identity.newUser(id);
        user.setFirstName(first);
        user.setLastName(last);
        user.setEmail(id + "@grantflow.example");
        user.setPassword(id);
        identity.saveUser(user);
        identity.createMembership(id, group);
    }
}
