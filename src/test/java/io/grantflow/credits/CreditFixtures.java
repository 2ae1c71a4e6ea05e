package io.grantflow.credits;

import io.grantflow.edge.CallIn;
import io.grantflow.edge.CallInHandler;
import io.grantflow.protocol.CallInAnswer;
import io.grantflow.ledger.LedgerEntry;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.tokens.EdgeKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fixtures of the credits tests: each test makes its own subscription and HOME system (unique ids), so tests never
 * depend on each other.
 */
final class CreditFixtures {

    final Subscriptions subscriptions;
    final Systems systems;
    final CreditAssignments assignments;
    final CreditRevocations revocations;
    final CreditsCallIn callIn;
    final LedgerService ledger;
    final LedgerVerifier verifier;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    final Clock clock;

    CreditFixtures(Subscriptions subscriptions, Systems systems, CreditAssignments assignments, CreditRevocations revocations,
            CreditsCallIn callIn, LedgerService ledger, LedgerVerifier verifier, JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.subscriptions = subscriptions;
        this.systems = systems;
        this.assignments = assignments;
        this.revocations = revocations;
        this.callIn = callIn;
        this.ledger = ledger;
        this.verifier = verifier;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** An ACTIVE annual subscription of ACME with {@code credits}. */
    String subscription(long credits) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return subscription("ACME", SubscriptionState.ACTIVE, credits, now.plus(Duration.ofDays(365)));
    }

    String subscription(String account, SubscriptionState state, long credits, Instant endsAt) {
        String id = "SUB-" + UUID.randomUUID();
        Instant starts = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(30));
        tx.executeWithoutResult(s -> subscriptions.create(id, account, "ANNUAL", state, credits, starts, endsAt, "test"));
        return id;
    }

    /** A HOME system of {@code account}, with its key pair made outside Grantflow. */
    EdgeKeyPair system(String account) {
        return system(account, "Test system");
    }

    EdgeKeyPair system(String account, String label) {
        EdgeKeyPair pair = EdgeKeyPair.create("SYS-T" + UUID.randomUUID().toString().substring(0, 13).toUpperCase());
        tx.executeWithoutResult(s -> systems.link(pair.id(), account, label, EdgeKeys.parsePublicKey(pair.publicJwk())));
        return pair;
    }

    EdgeKeyPair onlineSystem(String account) {
        EdgeKeyPair pair = system(account);
        tx.executeWithoutResult(s -> systems.seen(pair.id(), clock.instant()));
        return pair;
    }

    CreditAssignments.Started assign(EdgeKeyPair system, String subscriptionId, long credits, Instant autoRevokeAt) {
        return tx.execute(s -> assignments.start(system.id(), subscriptionId, credits, autoRevokeAt, "operator"));
    }

    CreditAssignment assignment(String id) {
        return assignments.get(id);
    }

    /** The system's call-in as the edge endpoint hands it to the credits handler. */
    CallInAnswer callIn(EdgeKeyPair system, String... revokeKeys) {
        String serverTime = clock.instant().toString();
        CallInHandler.Contribution c = callIn.handle(new CallIn(system.id(), EdgeKeys.Kind.SYSTEM, "ACME", List.of(), List.of(revokeKeys),
                clock.instant()));
        return new CallInAnswer(system.id(), serverTime, c.connectionTokens(), c.creditFiles(), c.revokes(), c.accepted(), c.refused());
    }

    /** A good revoke key of {@code system} for the assignment, signed now by the engine's clock. */
    EdgeKeyPair.TokenBuilder revokeKey(EdgeKeyPair system, CreditAssignment a) {
        return system.token("revoke+jwt", a.id()).claim("file_jti", a.fileJti()).issuedAt(clock.instant()).ttl(Duration.ofMinutes(10));
    }

    long available(String subscriptionId) {
        return subscriptions.get(subscriptionId).available();
    }

    List<LedgerEntry> entries(String subscriptionId) {
        return ledger.entries(subscriptionId, null, null, null);
    }

    LedgerEntry lastEntry(String subscriptionId) {
        List<LedgerEntry> all = entries(subscriptionId);
        return all.get(all.size() - 1);
    }

    boolean chainIntact(String subscriptionId) {
        return verifier.verifyPool(subscriptionId).intact();
    }

    int assignmentRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM gf_credit_assignment", Integer.class);
    }

    /** Fixtures built from the shared test context's beans. */
    static CreditFixtures from(ApplicationContext context) {
        return new CreditFixtures(context.getBean(Subscriptions.class), context.getBean(Systems.class),
                context.getBean(CreditAssignments.class), context.getBean(CreditRevocations.class),
                context.getBean(CreditsCallIn.class), context.getBean(LedgerService.class), context.getBean(LedgerVerifier.class),
                context.getBean(JdbcTemplate.class), context.getBean(TransactionTemplate.class), context.getBean(Clock.class));
    }
}
