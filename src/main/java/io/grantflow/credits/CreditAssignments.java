package io.grantflow.credits;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.InsufficientBalanceException;
import io.grantflow.ledger.LedgerService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credit assignments: the {@code credit-assignment} flow's start and its steps up to delivery (check, reserve, issue
 * the file, hand it out). Each step locks the assignment's row, so a timer, a download, a revoke and a call-in that
 * meet serialise. Methods run in the caller's transaction (a controller's, a call-in's, or the engine's in a delegate).
 * The credits' way back is {@link CreditRevocations} and {@link CreditExpiry}.
 */
@Service
@RequiredArgsConstructor
class CreditAssignments {

    public record Started(String assignmentId, String processInstanceId, AssignmentState state, String warning) {
    }

    private final CreditAssignmentRepository repository;
    private final Subscriptions subscriptions;
    private final Systems systems;
    private final LedgerService ledger;
    private final CreditFiles files;
    private final CreditAssignmentProcess process;
    private final CreditsProperties properties;
    private final Clock clock;

    /**
     * Starts {@code credit-assignment}. Its first steps (check the subscription, reserve on the ledger) run in this
     * transaction: a refusal throws out of the start and nothing remains, neither the row nor the process.
     */
    @Transactional
    public Started start(String systemId, String subscriptionId, long credits, Instant autoRevokeAt, String actor) {
        HomeSystem system = systems.get(systemId);
        // Starts against one subscription queue here, so the checks below hold until the reservation: a refusal is
        // answered before the engine runs (the flow's own steps check again, under the same lock).
        subscriptions.lock(subscriptionId);
        Subscription subscription = subscriptions.get(subscriptionId);
        Instant now = clock.instant();
        CreditRules.requireStartable(system, subscription, credits, autoRevokeAt, properties.maxCreditsPerAssignment(), now);
        CreditAssignment a = CreditAssignment.requested("CA-" + RandomIds.of(12), systemId, subscription, credits, autoRevokeAt, now);
        repository.insert(a);
        String processInstanceId = process.start(a, actor, systems.isOnline(system));
        repository.startedIn(a.id(), processInstanceId);
        CreditAssignment started = repository.get(a.id());
        return new Started(a.id(), processInstanceId, started.state(), started.warning());
    }

    CreditAssignment get(String id) {
        return repository.get(id);
    }

    List<CreditAssignment> forSystem(String systemId) {
        return repository.ofSystem(systemId);
    }

    /** Task_CheckSubscription: the subscription's account and state; answers the warning of a cancelled one. */
    String checkSubscription(String assignmentId) {
        CreditAssignment a = repository.lock(assignmentId);
        Subscription subscription = subscriptions.get(a.subscriptionId());
        CreditRules.requireAssignable(systems.get(a.systemId()), subscription, a.autoRevokeAt(), clock.instant());
        String warning = CreditRules.cancelledWarning(subscription);
        if (warning != null) {
            repository.warn(assignmentId, warning);
        }
        return warning;
    }

    /** Task_ReserveCredits: subscription → assignment on the ledger; not enough is {@code insufficient-credits}. */
    void reserve(String assignmentId, String processInstanceId, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        try {
            ledger.allocate(CreditMovements.reserve(a, processInstanceId, actor));
        } catch (InsufficientBalanceException e) {
            throw CreditRules.insufficient(a.subscriptionId(), e.available(), a.credits());
        }
    }

    /**
     * Task_IssueCreditFile: signs the credit file once and marks the assignment downloaded. {@code delivered}: the
     * file is handed out now (operator); otherwise it waits for the system's next call-in.
     */
    void issueFile(String assignmentId, String processInstanceId, boolean delivered) {
        CreditAssignment a = repository.lock(assignmentId);
        if (a.fileJti() != null || a.state() != AssignmentState.ASSIGNED) {
            return; // issued already (a download came first) or revoked meanwhile
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        repository.issued(a.id(), files.issue(a, processInstanceId, now), now, delivered);
    }

    /**
     * {@code POST …/download}: the credit file (issued now if the flow still waits for delivery, else the same file
     * again), marked delivered; the flow's "Deliver credit file" task is completed by this download.
     */
    @Transactional
    public String download(String assignmentId, String actor) {
        CreditAssignment a = repository.lock(assignmentId);
        AssignmentRules.requireDownloadable(a, clock.instant());
        if (a.fileJti() == null) {
            issueFile(a.id(), a.processInstanceId(), true);
        } else if (a.deliveredAt() == null) {
            repository.delivered(a.id());
        }
        process.completeDelivery(a.processInstanceId(), actor);
        return creditFile(a.id());
    }

    /**
     * {@code GET …/credit-file}: the issued file, served only while the assignment holds its credits; once a revoke
     * began, or the credits returned or expired, {@code 409 assignment-not-active} (as a download answers).
     */
    String servedCreditFile(String assignmentId) {
        AssignmentRules.requireServable(repository.get(assignmentId), clock.instant());
        return creditFile(assignmentId);
    }

    /** The issued credit file's text; {@code 409 not-ready} before it is issued. */
    String creditFile(String assignmentId) {
        CreditAssignment a = repository.get(assignmentId);
        AssignmentRules.requireIssued(a);
        return files.text(a.fileJti());
    }

    /** Credit files issued for an online system and not yet handed over: given to this call-in, once. */
    List<String> deliverPending(String systemId) {
        List<String> handedOut = new ArrayList<>();
        for (String id : repository.awaitingCallIn(systemId, clock.instant())) {
            CreditAssignment a = repository.lock(id);
            if (a.state() == AssignmentState.DOWNLOADED && a.deliveredAt() == null) {
                repository.delivered(id);
                handedOut.add(files.text(a.fileJti()));
            }
        }
        return handedOut;
    }
}
