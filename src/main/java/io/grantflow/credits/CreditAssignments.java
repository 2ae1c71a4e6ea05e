package io.grantflow.credits;

import static io.grantflow.credits.Systems.instant;
import static io.grantflow.credits.Systems.utc;

import io.grantflow.ledger.InsufficientBalanceException;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.shared.GrantflowProperties;
import io.grantflow.tokens.IssuedToken;
import io.grantflow.tokens.TokenIssuer;
import io.grantflow.tokens.TokenRecords;
import io.grantflow.protocol.TokenType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;

/**
 * Credit assignments: the {@code credit-assignment} flow's start and every step it takes. Each step locks the
 * assignment's row, so a timer, a download, a revoke and a call-in that meet serialise, and each ledger movement
 * has an id built from the step, so a repeated step moves nothing twice. Methods run in the caller's transaction
 * (a controller's, a call-in's, or the engine's in a delegate).
 */
@Service
public class CreditAssignments {

    static final String PROCESS = "credit-assignment";

    public record Started(String assignmentId, String processInstanceId, AssignmentState state, String warning) {
    }

    private final JdbcTemplate jdbc;
    private final LedgerService ledger;
    private final Subscriptions subscriptions;
    private final Systems systems;
    private final TokenIssuer issuer;
    private final TokenRecords tokenRecords;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Clock clock;
    private final GrantflowProperties properties;
    private final CreditsProperties creditsProperties;

    CreditAssignments(JdbcTemplate jdbc, LedgerService ledger, Subscriptions subscriptions, Systems systems, TokenIssuer issuer,
            TokenRecords tokenRecords, RuntimeService runtime, TaskService tasks, Clock clock, GrantflowProperties properties,
            CreditsProperties creditsProperties) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.systems = systems;
        this.issuer = issuer;
        this.tokenRecords = tokenRecords;
        this.runtime = runtime;
        this.tasks = tasks;
        this.clock = clock;
        this.properties = properties;
        this.creditsProperties = creditsProperties;
    }

    // --- start ---------------------------------------------------------------------------------------------

    /**
     * Starts {@code credit-assignment}. Its first steps (check the subscription, reserve on the ledger) run in this
     * transaction: a refusal throws out of the start and nothing remains, neither the row nor the process.
     */
    public Started start(String systemId, String subscriptionId, long credits, Instant autoRevokeAt, String actor) {
        HomeSystem system = systems.get(systemId);
        // Starts against one subscription queue here, so the checks below hold until the reservation: a refusal is
        // answered before the engine runs (the flow's own steps check again, under the same lock). The lock is the
        // subscription's ledger pool row, the one every movement takes first: locking the subscription row instead
        // deadlocked on PostgreSQL with a revoke that holds the pool and then, through the assignment's foreign key,
        // needs a share lock on the subscription row.
        if (jdbc.queryForList("SELECT id FROM gf_pool WHERE id = ? FOR UPDATE", String.class, subscriptionId).isEmpty()) {
            throw GrantflowException.notFound("Subscription", subscriptionId);
        }
        Subscription subscription = subscriptions.get(subscriptionId);
        if (credits < 1 || credits > creditsProperties.maxCreditsPerAssignment()) {
            throw GrantflowException.badRequest("invalid-request",
                    "credits: must be between 1 and " + creditsProperties.maxCreditsPerAssignment());
        }
        Instant now = clock.instant();
        if (autoRevokeAt != null && !autoRevokeAt.isAfter(now)) {
            throw GrantflowException.badRequest("invalid-request", "autoRevokeAt: must be in the future");
        }
        refuseUnlessAssignable(system, subscription, autoRevokeAt);
        if (subscription.available() < credits) {
            throw insufficient(subscriptionId, subscription.available(), credits);
        }
        Instant expiresAt = (autoRevokeAt != null ? autoRevokeAt : subscription.endsAt()).truncatedTo(ChronoUnit.SECONDS);
        String id = "CA-" + Systems.randomId(12);
        String warning = cancelledWarning(subscription);
        jdbc.update("INSERT INTO gf_credit_assignment (id, system_id, subscription_id, credits, state, downloaded, auto_revoke_at,"
                        + " expires_at, warning, created_at, updated_at) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?)",
                id, systemId, subscriptionId, credits, AssignmentState.ASSIGNED.name(), utc(autoRevokeAt), utc(expiresAt),
                warning, utc(now), utc(now));
        Map<String, Object> variables = new HashMap<>();
        variables.put(CreditVariables.ASSIGNMENT_ID, id);
        variables.put(CreditVariables.SYSTEM_ID, systemId);
        variables.put(CreditVariables.SUBSCRIPTION_ID, subscriptionId);
        variables.put(CreditVariables.CREDITS, credits);
        variables.put(CreditVariables.EXPIRES_AT, CreditVariables.date(expiresAt));
        if (autoRevokeAt != null) {
            variables.put(CreditVariables.AUTO_REVOKE_AT, CreditVariables.date(autoRevokeAt));
        }
        variables.put(CreditVariables.ACTOR, actor);
        if (warning != null) {
            variables.put(CreditVariables.WARNING, warning); // the history keeps the warning the caller saw
        }
        variables.put(CreditVariables.CHECKED_AT_START, Variables.booleanValue(true, true));
        variables.put(CreditVariables.ONLINE_AT_START, Variables.booleanValue(systems.isOnline(system), true));
        ProcessInstance pi = runtime.startProcessInstanceByKey(PROCESS, id, variables);
        jdbc.update("UPDATE gf_credit_assignment SET process_instance_id = ? WHERE id = ?", pi.getId(), id);
        CreditAssignment started = get(id);
        return new Started(id, pi.getId(), started.state(), started.warning());
    }

    // --- reads ---------------------------------------------------------------------------------------------

    Optional<CreditAssignment> find(String id) {
        return jdbc.query("SELECT * FROM gf_credit_assignment WHERE id = ?", ROW, id).stream().findFirst();
    }

    CreditAssignment get(String id) {
        return find(id).orElseThrow(() -> GrantflowException.notFound("Credit assignment", id));
    }

    /** The row, locked until the transaction ends: steps on one assignment run one after the other. */
    CreditAssignment lock(String id) {
        return jdbc.query("SELECT * FROM gf_credit_assignment WHERE id = ? FOR UPDATE", ROW, id).stream().findFirst()
                .orElseThrow(() -> GrantflowException.notFound("Credit assignment", id));
    }

    List<CreditAssignment> forSystem(String systemId) {
        return jdbc.query("SELECT * FROM gf_credit_assignment WHERE system_id = ? ORDER BY created_at, id", ROW, systemId);
    }

    // --- steps of credit-assignment ------------------------------------------------------------------------

    /** Task_CheckSubscription: the subscription's account and state; answers the warning of a cancelled one. */
    String checkSubscription(String assignmentId) {
        CreditAssignment a = lock(assignmentId);
        HomeSystem system = systems.get(a.systemId());
        Subscription subscription = subscriptions.get(a.subscriptionId());
        refuseUnlessAssignable(system, subscription, a.autoRevokeAt());
        String warning = cancelledWarning(subscription);
        if (warning != null) {
            jdbc.update("UPDATE gf_credit_assignment SET warning = ? WHERE id = ?", warning, assignmentId);
        }
        return warning;
    }

    private static String cancelledWarning(Subscription subscription) {
        return subscription.state() == SubscriptionState.CANCELLED
                ? "subscription-cancelled: the credits expire at " + subscription.endsAt() : null;
    }

    private void refuseUnlessAssignable(HomeSystem system, Subscription subscription, Instant autoRevokeAt) {
        if (!subscription.accountId().equals(system.accountId())) {
            throw GrantflowException.conflict("account-mismatch", "System " + system.id() + " belongs to account "
                    + system.accountId() + ", subscription " + subscription.id() + " to " + subscription.accountId());
        }
        boolean ended = !subscription.endsAt().isAfter(clock.instant());
        if (subscription.state() == SubscriptionState.INACTIVE || ended) {
            throw GrantflowException.conflict("subscription-not-active", "Subscription " + subscription.id() + " is "
                    + (ended ? "ended since " + subscription.endsAt() : subscription.state()));
        }
        if (autoRevokeAt != null && autoRevokeAt.isAfter(subscription.endsAt())) {
            throw GrantflowException.badRequest("invalid-request", "autoRevokeAt: must not be after the subscription's end "
                    + subscription.endsAt());
        }
    }

    private static GrantflowException insufficient(String subscriptionId, long available, long requested) {
        return GrantflowException.conflict("insufficient-credits", "Subscription " + subscriptionId + " has "
                + available + " credits available, " + requested + " requested");
    }

    /** Task_ReserveCredits: subscription → assignment on the ledger; not enough is {@code insufficient-credits}. */
    void reserve(String assignmentId, String processInstanceId, String actor) {
        CreditAssignment a = lock(assignmentId);
        try {
            ledger.allocate(new Movement("assign:" + a.id(), a.subscriptionId(), a.id(), a.credits(), "assigned", null,
                    processInstanceId, actor));
        } catch (InsufficientBalanceException e) {
            throw insufficient(a.subscriptionId(), e.available(), a.credits());
        }
    }

    /**
     * Task_IssueCreditFile: signs the credit file once and marks the assignment downloaded. {@code delivered}: the
     * file is handed out now (operator); otherwise it waits for the system's next call-in.
     */
    void issueFile(String assignmentId, String processInstanceId, boolean delivered) {
        CreditAssignment a = lock(assignmentId);
        if (a.fileJti() != null || a.state() != AssignmentState.ASSIGNED) {
            return; // issued already (a download came first) or revoked meanwhile
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant exp = now.plus(properties.tokens().creditFileTtl());
        if (a.expiresAt().isBefore(exp)) {
            exp = a.expiresAt();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", a.id());
        entry.put("subscription", a.subscriptionId());
        entry.put("credits", a.credits());
        entry.put("expires_at", a.expiresAt().getEpochSecond());
        IssuedToken file = issuer.issue(TokenType.CREDITS, a.systemId(), a.systemId(), now, exp,
                Map.of("assignments", List.of(entry)), processInstanceId);
        jdbc.update("UPDATE gf_credit_assignment SET file_jti = ?, state = ?, downloaded = TRUE, delivered_at = ?, updated_at = ?"
                        + " WHERE id = ?", file.jti(), AssignmentState.DOWNLOADED.name(), delivered ? utc(now) : null, utc(now), a.id());
    }

    /**
     * {@code POST …/download}: the credit file (issued now if the flow still waits for delivery, else the same file
     * again), marked delivered; the flow's "Deliver credit file" task is completed by this download.
     */
    public String download(String assignmentId, String actor) {
        CreditAssignment a = lock(assignmentId);
        if (a.state().isFinal() || a.state() == AssignmentState.REVOKING) {
            throw GrantflowException.conflict("assignment-not-active", "Assignment " + a.id() + " is " + a.state());
        }
        if (!a.expiresAt().isAfter(clock.instant())) {
            // Its timer is due: a file handed out now would be expired already.
            throw GrantflowException.conflict("assignment-not-active", "Assignment " + a.id() + " expired at " + a.expiresAt());
        }
        if (a.fileJti() == null) {
            issueFile(a.id(), a.processInstanceId(), true);
        } else if (a.deliveredAt() == null) {
            jdbc.update("UPDATE gf_credit_assignment SET delivered_at = ?, updated_at = ? WHERE id = ?",
                    utc(clock.instant()), utc(clock.instant()), a.id());
        }
        Task task = tasks.createTaskQuery().processInstanceId(a.processInstanceId())
                .taskDefinitionKey(CreditVariables.USER_TASK_DELIVER).singleResult();
        if (task != null) {
            tasks.setAssignee(task.getId(), actor);
            tasks.complete(task.getId());
        }
        return creditFile(a.id());
    }

    /**
     * {@code GET …/credit-file}: the issued file, served only while the assignment holds its credits; once a revoke
     * began, or the credits returned or expired, {@code 409 assignment-not-active} (as a download answers).
     */
    String servedCreditFile(String assignmentId) {
        CreditAssignment a = get(assignmentId);
        if (a.state().isFinal() || a.state() == AssignmentState.REVOKING) {
            throw GrantflowException.conflict("assignment-not-active", "Assignment " + a.id() + " is " + a.state()
                    + "; its credit file is no longer handed out");
        }
        if (a.fileJti() != null && !a.expiresAt().isAfter(clock.instant())) {
            throw GrantflowException.conflict("assignment-not-active", "Assignment " + a.id() + " expired at " + a.expiresAt());
        }
        return creditFile(a.id());
    }

    /** The issued credit file's text; {@code 409 not-ready} before it is issued. */
    String creditFile(String assignmentId) {
        CreditAssignment a = get(assignmentId);
        if (a.fileJti() == null) {
            throw GrantflowException.conflict("not-ready", "The credit file of " + a.id()
                    + " is issued when it is downloaded");
        }
        return tokenRecords.compact(a.fileJti()).orElseThrow();
    }

    /** Credit files issued for an online system and not yet handed over: given to this call-in, once. */
    List<String> deliverPending(String systemId) {
        List<String> files = new ArrayList<>();
        List<String> ids = jdbc.queryForList("SELECT id FROM gf_credit_assignment WHERE system_id = ? AND state = ?"
                + " AND file_jti IS NOT NULL AND delivered_at IS NULL AND expires_at > ? ORDER BY created_at, id", String.class,
                systemId, AssignmentState.DOWNLOADED.name(), utc(clock.instant()));
        for (String id : ids) {
            CreditAssignment a = lock(id);
            if (a.state() == AssignmentState.DOWNLOADED && a.deliveredAt() == null) {
                jdbc.update("UPDATE gf_credit_assignment SET delivered_at = ?, updated_at = ? WHERE id = ?",
                        utc(clock.instant()), utc(clock.instant()), id);
                files.add(tokenRecords.compact(a.fileJti()).orElseThrow());
            }
        }
        return files;
    }

    /**
     * Timer_AutoRevoke (and the timers of the waits before and during a revoke): the assignment's time is up. The
     * credits return with "expiry" as proof (the credit file expired with them): from the holder, or, when a revoke
     * is waiting for its key, from pending. Whichever flow comes second finds nothing left to do.
     */
    void expire(String assignmentId, String processInstanceId, String actor) {
        CreditAssignment a = lock(assignmentId);
        if (a.state().isFinal()) {
            return;
        }
        // The clock decides, not the timer's firing: a job executed early or a modification into this step fails
        // (an incident), and the credits stay where they are until their time or a revoke key.
        if (clock.instant().isBefore(a.expiresAt())) {
            throw GrantflowException.conflict("too-early", "The credits of " + a.id() + " return at " + a.expiresAt()
                    + " (" + (a.autoRevokeAt() != null ? "auto-revoke" : "subscription end") + "), or earlier only with a revoke key");
        }
        boolean temporary = a.autoRevokeAt() != null;
        String reason = temporary ? "auto-revoke" : "subscription-ended";
        String proof = a.fileNeverLeft() ? "never-downloaded" : "expiry";
        if (a.state() == AssignmentState.REVOKING) {
            ledger.postPending(revokePendingId(a.id()), "expire:" + a.id(), reason, proof, processInstanceId, actor);
        } else {
            ledger.release(new Movement("expire:" + a.id(), a.subscriptionId(), a.id(), a.credits(), reason, proof,
                    processInstanceId, actor));
        }
        finish(a, temporary ? AssignmentState.REVOKED : AssignmentState.EXPIRED, proof);
        notify(a.processInstanceId(), processInstanceId, CreditVariables.MSG_CREDITS_RETURNED);
        notify(a.revokeProcessInstanceId(), processInstanceId, CreditVariables.MSG_REVOKE_SETTLED);
    }

    static String revokePendingId(String assignmentId) {
        return "revoke:" + assignmentId;
    }

    void setState(String assignmentId, AssignmentState state) {
        jdbc.update("UPDATE gf_credit_assignment SET state = ?, updated_at = ? WHERE id = ?", state.name(),
                utc(clock.instant()), assignmentId);
    }

    void setRevokeProcess(String assignmentId, String processInstanceId) {
        jdbc.update("UPDATE gf_credit_assignment SET revoke_process_instance_id = ?, updated_at = ? WHERE id = ?",
                processInstanceId, utc(clock.instant()), assignmentId);
    }

    void finish(CreditAssignment a, AssignmentState state, String proof) {
        jdbc.update("UPDATE gf_credit_assignment SET state = ?, revoke_proof = ?, updated_at = ? WHERE id = ?",
                state.name(), proof, utc(clock.instant()), a.id());
    }

    /** Tells another flow of this assignment that the credits are settled, if it waits for that message. */
    void notify(String targetProcessInstanceId, String currentProcessInstanceId, String message) {
        if (targetProcessInstanceId == null || targetProcessInstanceId.equals(currentProcessInstanceId)) {
            return;
        }
        // correlateAll: no waiting subscription (the flow moved on meanwhile) is no error, and needs no query first
        runtime.createMessageCorrelation(message).processInstanceId(targetProcessInstanceId).correlateAll();
    }

    private static final RowMapper<CreditAssignment> ROW = (rs, i) -> new CreditAssignment(rs.getString("id"),
            rs.getString("system_id"), rs.getString("subscription_id"), rs.getLong("credits"),
            AssignmentState.valueOf(rs.getString("state")), rs.getBoolean("downloaded"),
            instant(rs.getObject("auto_revoke_at", OffsetDateTime.class)), instant(rs.getObject("expires_at", OffsetDateTime.class)),
            rs.getString("file_jti"), instant(rs.getObject("delivered_at", OffsetDateTime.class)), rs.getString("warning"),
            rs.getString("process_instance_id"), rs.getString("revoke_process_instance_id"), rs.getString("revoke_proof"),
            instant(rs.getObject("created_at", OffsetDateTime.class)), instant(rs.getObject("updated_at", OffsetDateTime.class)));
}
