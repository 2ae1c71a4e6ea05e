package io.grantflow.credits;

import io.grantflow.protocol.CallInAnswer.PendingRevoke;
import io.grantflow.ledger.LedgerService;
import io.grantflow.ledger.Movement;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Revokes ({@code credit-revoke}): credits that never left Grantflow return at once; credits a system holds return
 * only with proof, a {@code revoke+jwt} signed by that system for that assignment's credit file, handed in by the
 * system at a call-in or pasted by an operator. Until then they are pending on the ledger (two-phase release).
 */
@Service
public class CreditRevocations {

    static final String PROCESS = "credit-revoke";

    /** What a revoke request answers (api.md). */
    public enum Status { RETURNED, AWAITING_SYSTEM, AWAITING_REVOKE_KEY }

    public record Started(Status status, String processInstanceId) {
    }

    private final JdbcTemplate jdbc;
    private final CreditAssignments assignments;
    private final Subscriptions subscriptions;
    private final Systems systems;
    private final LedgerService ledger;
    private final EdgeTokens edgeTokens;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Clock clock;
    private final CreditsProperties properties;

    CreditRevocations(JdbcTemplate jdbc, CreditAssignments assignments, Subscriptions subscriptions, Systems systems,
            LedgerService ledger, EdgeTokens edgeTokens, RuntimeService runtime, TaskService tasks,
            Clock clock, CreditsProperties properties) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.subscriptions = subscriptions;
        this.systems = systems;
        this.ledger = ledger;
        this.edgeTokens = edgeTokens;
        this.runtime = runtime;
        this.tasks = tasks;
        this.clock = clock;
        this.properties = properties;
    }

    /** Starts {@code credit-revoke}; its first step decides in this transaction what the revoke waits for. */
    public Started start(String assignmentId, String actor) {
        CreditAssignment a = assignments.lock(assignmentId);
        refuseUnlessRevocable(a);
        Map<String, Object> variables = new HashMap<>();
        variables.put(CreditVariables.ASSIGNMENT_ID, a.id());
        variables.put(CreditVariables.SYSTEM_ID, a.systemId());
        variables.put(CreditVariables.SUBSCRIPTION_ID, a.subscriptionId());
        variables.put(CreditVariables.CREDITS, a.credits());
        variables.put(CreditVariables.EXPIRES_AT, CreditVariables.date(a.expiresAt()));
        variables.put(CreditVariables.REVOKE_SYSTEM_TIMEOUT, properties.revokeSystemTimeout().toString());
        variables.put(CreditVariables.ACTOR, actor);
        ProcessInstanceWithVariables pi = runtime.createProcessInstanceByKey(PROCESS).businessKey(a.id())
                .setVariables(variables).executeWithVariablesInReturn();
        return new Started(Status.valueOf((String) pi.getVariables().get(CreditVariables.REVOKE_STATUS)), pi.getId());
    }

    /**
     * Task_BeginRevoke. Never handed out → back at once ("never-downloaded"). Held by the system → pending until its
     * revoke key arrives: from the system itself when it is online, else from an operator.
     */
    Status begin(String assignmentId, String processInstanceId, String actor) {
        CreditAssignment a = assignments.lock(assignmentId);
        refuseUnlessRevocable(a);
        assignments.setRevokeProcess(a.id(), processInstanceId);
        if (a.fileNeverLeft()) {
            ledger.release(new Movement("revoke:" + a.id(), a.subscriptionId(), a.id(), a.credits(), "revoked",
                    "never-downloaded", processInstanceId, actor));
            assignments.finish(a, AssignmentState.REVOKED, "never-downloaded");
            assignments.notify(a.processInstanceId(), processInstanceId, CreditVariables.MSG_CREDITS_RETURNED);
            return Status.RETURNED;
        }
        ledger.beginRelease(new Movement(CreditAssignments.revokePendingId(a.id()), a.subscriptionId(), a.id(), a.credits(),
                "revoke-requested", a.fileJti(), processInstanceId, actor), a.expiresAt());
        assignments.setState(a.id(), AssignmentState.REVOKING);
        return systems.isOnline(a.systemId()) ? Status.AWAITING_SYSTEM : Status.AWAITING_REVOKE_KEY;
    }

    /** {@code {revokeKey}} over REST: the operator hands in the key the system printed. */
    public Status enterRevokeKey(String assignmentId, String revokeKey, String actor) {
        CreditAssignment a = assignments.lock(assignmentId);
        requireRevoking(a);
        settleWith(a, revokeKey, actor);
        assignments.notify(a.revokeProcessInstanceId(), null, CreditVariables.MSG_REVOKE_SETTLED);
        return Status.RETURNED;
    }

    /** A revoke key a system posts at its call-in; answers the key's jti. */
    String acceptFromSystem(String systemId, String revokeKey) {
        return edgeTokens.accept(revokeKey, TokenType.REVOKE, key -> assignmentOf(systemId, key), (key, found) -> {
            CreditAssignment a = assignments.lock(found.id());
            requireRevoking(a);
            keyFor(a, key);
            settle(a, key, "system:" + systemId);
            assignments.notify(a.revokeProcessInstanceId(), null, CreditVariables.MSG_REVOKE_SETTLED);
            return EdgeTokens.Used.in(a.revokeProcessInstanceId(), key.jti());
        });
    }

    /**
     * Task_VerifyRevokeKey (Tasklist): verifies the key the operator entered; a refusal is answered, not thrown, so
     * the flow can show it and ask again. Verification only reads: a refusal leaves nothing to roll back.
     */
    String verifyInProcess(String assignmentId, String revokeKey, String actor) {
        CreditAssignment a = assignments.lock(assignmentId);
        if (a.state().isFinal()) {
            return null; // settled meanwhile (REST or call-in)
        }
        try {
            requireRevoking(a);
            if (revokeKey == null || revokeKey.isBlank()) {
                throw new TokenException("token-malformed", "No revoke key was entered");
            }
            settleWith(a, revokeKey.strip(), actor);
        } catch (GrantflowException refused) {
            return refused.code() + ": " + refused.getMessage();
        }
        return null;
    }

    /** Revokes the system has to answer: handed out at its call-in until the key arrives. */
    List<PendingRevoke> pendingFor(String systemId) {
        return jdbc.query("SELECT id, file_jti FROM gf_credit_assignment WHERE system_id = ? AND state = ? ORDER BY updated_at, id",
                (rs, i) -> new PendingRevoke(rs.getString("id"), rs.getString("file_jti")), systemId, AssignmentState.REVOKING.name());
    }

    /** Which key a waiting revoke needs now: the system's (online path) or an operator's (the task is open). */
    Status waitingFor(CreditAssignment a) {
        if (a.state() != AssignmentState.REVOKING || a.revokeProcessInstanceId() == null) {
            return null;
        }
        boolean task = tasks.createTaskQuery().processInstanceId(a.revokeProcessInstanceId())
                .taskDefinitionKey(CreditVariables.USER_TASK_ENTER_KEY).count() > 0;
        return task ? Status.AWAITING_REVOKE_KEY : Status.AWAITING_SYSTEM;
    }

    private void refuseUnlessRevocable(CreditAssignment a) {
        if (a.state().isFinal()) {
            throw GrantflowException.conflict("assignment-not-active", "Assignment " + a.id() + " is " + a.state());
        }
        if (a.state() == AssignmentState.REVOKING) {
            throw GrantflowException.conflict("revoke-in-progress", "A revoke of " + a.id() + " waits for its revoke key");
        }
    }

    private void requireRevoking(CreditAssignment a) {
        if (a.state().isFinal()) {
            throw GrantflowException.conflict("assignment-not-active", "Assignment " + a.id() + " is " + a.state());
        }
        if (a.state() != AssignmentState.REVOKING) {
            throw GrantflowException.conflict("no-revoke-in-progress", "Start a revoke of " + a.id() + " first (body {})");
        }
    }

    /** Accepts the revoke key of a revoking assignment and settles the revoke with it, the key spent against the revoke's flow. */
    private void settleWith(CreditAssignment a, String revokeKey, String actor) {
        edgeTokens.accept(revokeKey, TokenType.REVOKE, key -> keyFor(a, key), (key, bound) -> {
            settle(a, key, actor);
            return EdgeTokens.Used.in(a.revokeProcessInstanceId(), null);
        });
    }

    /** A system hands in revoke keys of its own assignments only. */
    private CreditAssignment assignmentOf(String systemId, VerifiedToken key) {
        if (!key.issuer().equals(systemId)) {
            throw EdgeTokens.notFor("A system hands in its own revoke keys only");
        }
        return assignments.find(key.subject())
                .filter(found -> found.systemId().equals(systemId))
                .orElseThrow(() -> EdgeTokens.notFor("No assignment " + key.subject() + " of " + systemId));
    }

    /** The key must be the assignment's system's, about this assignment and its credit file. */
    private static CreditAssignment keyFor(CreditAssignment a, VerifiedToken key) {
        if (!key.subject().equals(a.id())) {
            throw EdgeTokens.notFor("The revoke key is for " + key.subject() + ", not " + a.id());
        }
        if (!key.issuer().equals(a.systemId())) {
            throw EdgeTokens.notFor("The revoke key was signed by " + key.issuer() + ", not by the assignment's system " + a.systemId());
        }
        if (!a.fileJti().equals(key.stringClaim("file_jti"))) {
            throw EdgeTokens.notFor("The revoke key gives up another credit file than " + a.id() + "'s");
        }
        return a;
    }

    /** Proof arrived: pending → subscription, naming the key's jti; expired instead when the subscription has ended. */
    private void settle(CreditAssignment a, VerifiedToken key, String actor) {
        boolean ended = !subscriptions.get(a.subscriptionId()).endsAt().isAfter(clock.instant());
        ledger.postPending(CreditAssignments.revokePendingId(a.id()), "return:" + a.id(), ended ? "expired" : "revoked",
                key.jti(), a.revokeProcessInstanceId(), actor);
        assignments.finish(a, ended ? AssignmentState.EXPIRED : AssignmentState.REVOKED, key.jti());
        assignments.notify(a.processInstanceId(), null, CreditVariables.MSG_CREDITS_RETURNED);
    }
}
