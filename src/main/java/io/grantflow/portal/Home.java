package io.grantflow.portal;

import io.grantflow.account.AccountRoles;
import io.grantflow.account.Accounts;
import io.grantflow.account.CallerAccount;
import io.grantflow.activation.ActivationOverview;
import io.grantflow.activation.License;
import io.grantflow.credits.CreditOverview;
import io.grantflow.shared.HumanText;
import io.grantflow.shared.GroupRoles;
import io.grantflow.shared.Shown;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.TaskService;
import org.springframework.lang.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * What the home page shows: the person's account (a customer's own; every account for the vendor's staff, each row
 * naming its account), its licenses and systems linked to their desk pages, and what waits: activations near their
 * expiry, credits waiting for a revoke key and, for operators, the open tasks in Tasklist. Dates and states in words.
 * Each list shows its newest (the expiring: the soonest) and counts the rest.
 */
@Service
@RequiredArgsConstructor
class Home {

    /** How many of each list the page shows (the newest, or the soonest to expire); the rest are counted. */
    private static final int SHOWN = 20;
    /** The groups the desk's pages serve (docs/security.md); anyone else is shown where their work is. */
    private static final String[] DESK_GROUPS = {"operators", "integrators", AccountRoles.CUSTOMER_ADMIN};

    private final CallerAccount caller;
    private final Accounts accounts;
    private final ActivationOverview activations;
    private final CreditOverview credits;
    private final TaskService tasks;
    private final Clock clock;

    record LicenseRow(String id, String accountId, String seats, String expires) {
    }

    record ExpiringRow(String id, String accountId, String licenseId, String installationId, String warning) {
    }

    record SystemRow(String id, String accountId, String label, String status) {
    }

    record RevokeKeyRow(String assignmentId, String accountId, String systemId, String systemLabel, String waiting) {
    }

    /** The page's content; the lists (and the open tasks, for operators) only for the desk's people. */
    record View(String person, @Nullable String account, @Nullable String accountName, boolean desk, boolean operator,
            @Nullable Shown<LicenseRow> licenses, @Nullable Shown<ExpiringRow> expiring, @Nullable Shown<SystemRow> systems,
            @Nullable Shown<RevokeKeyRow> revokeKeys, List<String> accounts, @Nullable Long openTasks) {

        /** The vendor's staff, who see every account. */
        public boolean vendor() {
            return account == null;
        }
    }

    private static <T, R> Shown<R> rows(Shown<T> shown, Function<T, R> row) {
        return new Shown<>(shown.items().stream().map(row).toList(), shown.total());
    }

    /** The page of the person signed in (their groups decide what it shows). */
    View of(Authentication who) {
        Instant now = clock.instant();
        Optional<String> own = caller.boundAccount();
        String account = own.orElse(null);
        String accountName = own.flatMap(accounts::name).orElse(null);
        boolean desk = GroupRoles.inAny(who, DESK_GROUPS);
        boolean operator = GroupRoles.inAny(who, "operators");
        if (!desk) {
            return new View(who.getName(), account, accountName, false, operator, null, null, null, null, List.of(), null);
        }
        Shown<License> licenses = activations.licenses(SHOWN);
        Shown<CreditOverview.SystemLine> systems = credits.systems(SHOWN);
        // each account's systems page: the customer's own, or every account the vendor's staff see something of here
        List<String> accountsShown = own.filter(a -> !a.isBlank()).map(List::of).orElseGet(() -> List.copyOf(new TreeSet<>(
                Stream.concat(licenses.items().stream().map(License::accountId),
                        systems.items().stream().map(CreditOverview.SystemLine::accountId)).toList())));
        return new View(who.getName(), account, accountName, true, operator,
                rows(licenses, l -> new LicenseRow(l.id(), l.accountId(),
                        l.available() + " of " + l.total() + " printer seats free",
                        (l.expiresAt().isAfter(now) ? "Expires " : "Expired ") + HumanText.relativeDay(l.expiresAt(), now) + ".")),
                rows(activations.expiring(SHOWN), a -> new ExpiringRow(a.id(), a.accountId(), a.licenseId(), a.installationId(),
                        a.state() + " " + HumanText.expiryWarning(a.expiresAt(), now))),
                rows(systems, s -> new SystemRow(s.id(), s.accountId(), s.label(), s.online()
                        ? "Online: called in " + HumanText.relativeDay(s.lastSeenAt(), now) + "."
                        : s.lastSeenAt() == null ? "Offline: it has never called in."
                        : "Offline: last called in " + HumanText.relativeDay(s.lastSeenAt(), now) + ".")),
                rows(credits.awaitingRevokeKey(SHOWN), r -> new RevokeKeyRow(r.assignmentId(), r.accountId(), r.systemId(),
                        r.systemLabel(), r.credits() + " credits return once the system's revoke key is entered; revoked "
                                + HumanText.relativeDay(r.since(), now) + ".")),
                accountsShown,
                operator ? tasks.createTaskQuery().active().count() : null);
    }
}
