package io.grantflow.credits;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.CallInAnswer.PendingRevoke;
import io.grantflow.ledger.LedgerService;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.shared.TaskRefusals;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.TokenVerifier;
import io.grantflow.tokens.VerifiedToken;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revokes ({@code credit-revoke}): credits that never left Grantflow return at once; credits a system holds return
 * only with proof, a {@code revoke+jwt} signed by that system for that assignment's credit file, handed in by the
 * system at a call-in or pasted by an operator. Until then they are pending on the ledger (two-phase release).
 */
@Service
@RequiredArgsConstructor
class CreditRevocations {

    /** What a revoke request answers. */
    public enum Status { RETURNED, AWAITING_SYSTEM, AWAITING_REVOKE_KEY }

    public record Started(Status status, String processInstanceId) {
    }

    private final CreditAssignmentRepository repository;
    private final Subscriptions subscriptions;
    private final Systems systems;
    private final LedgerService ledger;
    private final EdgeTokens edgeTokens;
    private final TokenVerifier verifier;
    private final CreditAssignmentProcess assignmentProcess;
    private final CreditRevokeProcess revokeProcess;
    private final TaskRefusals taskRefusals;
    private final Clock clock;

    /** Starts {@code credit-revoke}; its first step decides in this transaction what the revoke waits for. */
    @Transactional
    public Started start(String assignmentId, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        AssignmentRules.requireRevocable(a);
        return revokeProcess.start(a, actor);
    }

    /**
     * Task_BeginRevoke. Never handed out → back at once ("never-downloaded"). Held by the system → pending until its
     * revoke key arrives: from the system itself when it is online, else from an operator.
     */
    Status begin(String assignmentId, String processInstanceId, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        AssignmentRules.requireRevocable(a);
        repository.revokeStartedIn(a.id(), processInstanceId);
        if (a.fileNeverLeft()) {
            ledger.release(CreditMovements.returnNeverDownloaded(a, processInstanceId, actor));
            repository.finish(a.id(), AssignmentState.REVOKED, "never-downloaded");
            assignmentProcess.creditsReturned(a, processInstanceId);
            return Status.RETURNED;
        }
        ledger.beginRelease(CreditMovements.beginRevoke(a, processInstanceId, actor), a.expiresAt());
        repository.setState(a.id(), AssignmentState.REVOKING);
        return systems.isOnline(a.systemId()) ? Status.AWAITING_SYSTEM : Status.AWAITING_REVOKE_KEY;
    }

    /** {@code {revokeKey}} over REST: the operator hands in the key the system printed. */
    @Transactional
    public Status enterRevokeKey(String assignmentId, String revokeKey, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        AssignmentRules.requireRevoking(a);
        settleWith(a, revokeKey, actor);
        revokeProcess.settled(a, null);
        return Status.RETURNED;
    }

    /**
     * A revoke key the desk refused, told in the revoke's timeline as the engine doors tell a refused "Enter revoke key"
     * (its task, who, the code and the words); the refusal itself changed nothing. A revoke that waits on no such task
     * (the system's own key is awaited, or it is settled) leaves nothing to attach it to, and only the page shows it.
     */
    public void refusedAtDesk(String assignmentId, String actor, GrantflowException refused) {
        repository.find(assignmentId).map(CreditAssignment::revokeProcessInstanceId).flatMap(revokeProcess::enterKeyTask)
                .ifPresent(task -> taskRefusals.record(actor, "desk", "revoke-key", task.getId(),
                        task.getTaskDefinitionKey(), task.getName(), task.getProcessInstanceId(), CreditRevokeProcess.PROCESS,
                        refused.code(), refused.getMessage()));
    }

    /** A revoke key a system posts at its call-in; answers the key's jti. */
    String acceptFromSystem(String systemId, String revokeKey) {
        return edgeTokens.accept(revokeKey, TokenType.REVOKE,
                key -> RevokeKeyRules.requireOwnKey(systemId, key, repository.find(key.subject()).orElse(null)),
                (key, found) -> {
                    CreditAssignment a = repository.lock(found.id());
                    AssignmentRules.requireRevoking(a);
                    RevokeKeyRules.requireKeyFor(a, key);
                    settle(a, key, "system:" + systemId);
                    revokeProcess.settled(a, null);
                    return EdgeTokens.Used.in(a.revokeProcessInstanceId(), key.jti());
                });
    }

    /**
     * Task_VerifyRevokeKey (Tasklist): verifies the key the operator entered; a refusal is answered, not thrown, so
     * the flow can show it and ask again. Verification only reads: a refusal leaves nothing to roll back.
     */
    String verifyInProcess(String assignmentId, String revokeKey, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        if (a.state().isFinal()) {
            return null; // settled meanwhile (REST or call-in)
        }
        try {
            AssignmentRules.requireRevoking(a);
            if (revokeKey == null || revokeKey.isBlank()) {
                throw new TokenException(Refusal.TOKEN_MALFORMED, "No revoke key was entered");
            }
            settleWith(a, revokeKey.strip(), actor);
        } catch (GrantflowException refused) {
            return refused.code() + ": " + refused.getMessage();
        }
        return null;
    }

    /**
     * The engine doors' early refusal of a revoke key entered at "Enter revoke key": what Verify revoke key checks
     * (the REST API's token codes), without spending the key or moving credits. A settled assignment passes: the flow
     * lets it through.
     */
    void precheckRevokeKey(String assignmentId, String revokeKey) {
        CreditAssignment a = repository.find(assignmentId).orElse(null);
        if (a == null || a.state().isFinal()) {
            return;
        }
        AssignmentRules.requireRevoking(a);
        if (revokeKey == null || revokeKey.isBlank()) {
            throw new TokenException(Refusal.TOKEN_MALFORMED, "No revoke key was entered");
        }
        VerifiedToken key = verifier.verifyFromEdge(revokeKey.strip(), TokenType.REVOKE);
        RevokeKeyRules.requireKeyFor(a, key);
    }

    /** Revokes the system has to answer: handed out at its call-in until the key arrives. */
    List<PendingRevoke> pendingFor(String systemId) {
        return repository.revokingOf(systemId).stream().map(a -> new PendingRevoke(a.id(), a.fileJti())).toList();
    }

    /** Which key a waiting revoke needs now: the system's (online path) or an operator's (the task is open). */
    Status waitingFor(CreditAssignment a) {
        if (a.state() != AssignmentState.REVOKING || a.revokeProcessInstanceId() == null) {
            return null;
        }
        return revokeProcess.awaitsOperator(a.revokeProcessInstanceId()) ? Status.AWAITING_REVOKE_KEY : Status.AWAITING_SYSTEM;
    }

    /** Accepts the revoke key of a revoking assignment and settles the revoke with it, the key spent against the revoke's flow. */
    private void settleWith(CreditAssignment a, String revokeKey, String actor) {
        edgeTokens.accept(revokeKey, TokenType.REVOKE, key -> RevokeKeyRules.requireKeyFor(a, key), (key, bound) -> {
            settle(a, key, actor);
            return EdgeTokens.Used.in(a.revokeProcessInstanceId(), null);
        });
    }

    /** Proof arrived: pending → subscription, naming the key's jti; expired instead when the subscription has ended. */
    private void settle(CreditAssignment a, VerifiedToken key, String actor) {
        boolean ended = CreditRules.ended(subscriptions.get(a.subscriptionId()), clock.instant());
        ledger.postPending(CreditMovements.revokePendingId(a.id()), CreditMovements.returnId(a.id()), ended ? "expired" : "revoked",
                key.jti(), a.revokeProcessInstanceId(), actor);
        repository.finish(a.id(), ended ? AssignmentState.EXPIRED : AssignmentState.REVOKED, key.jti());
        assignmentProcess.creditsReturned(a, null);
    }
}
