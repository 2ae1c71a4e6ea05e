package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import java.time.Clock;
import org.springframework.stereotype.Service;

/**
 * The credits' end without a key: Timer_AutoRevoke, and the timers of the waits before delivery and during a revoke.
 * The credits return with "expiry" as proof (the credit file expired with them): from the holder, or, when a revoke
 * is waiting for its key, from pending. Whichever flow comes second finds nothing left to do.
 */
@Service
@RequiredArgsConstructor
class CreditExpiry {

    private final CreditAssignmentRepository repository;
    private final LedgerService ledger;
    private final CreditAssignmentProcess assignmentProcess;
    private final CreditRevokeProcess revokeProcess;
    private final Clock clock;
    private final CreditChanges changes;

    void expire(String assignmentId, String processInstanceId, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        if (a.state().isFinal()) {
            return;
        }
        // A job executed early or a modification into this step fails (an incident), and the credits stay where they
        // are until their time or a revoke key.
        AssignmentRules.requireTimeUp(a, clock.instant());
        if (a.state() == AssignmentState.REVOKING) {
            ledger.postPending(CreditMovements.revokePendingId(a.id()), CreditMovements.expireId(a.id()), a.reasonAtExpiry(),
                    a.proofAtExpiry(), processInstanceId, actor);
        } else {
            ledger.release(CreditMovements.expire(a, processInstanceId, actor));
        }
        repository.finish(a.id(), a.stateAtExpiry(), a.proofAtExpiry());
        if (a.stateAtExpiry() == AssignmentState.REVOKED) {
            changes.assignment("auto-revoked", a.id(), java.util.Map.of("reason", a.reasonAtExpiry()));
        }
        assignmentProcess.creditsReturned(a, processInstanceId);
        revokeProcess.settled(a, processInstanceId);
    }
}
