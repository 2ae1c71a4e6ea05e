package io.grantflow.credits;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.ledger.LedgerService;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On the "credits returned" end events: a flow may end saying the credits came back only when they did, i.e. its
 * assignment (found by this process instance, not by a variable) is REVOKED or EXPIRED and holds nothing on the
 * ledger. A message sent to the flow by other means (a correlation, a triggered subscription) is refused: the
 * throw rolls the correlation back and the flow keeps waiting, with its timers.
 */
@Component("creditsReturnedCheck")
@RequiredArgsConstructor
class CreditsReturnedCheck implements ExecutionListener {

    private final CreditAssignmentRepository assignments;
    private final LedgerService ledger;

    @Override
    public void notify(DelegateExecution execution) {
        String pi = execution.getProcessInstanceId();
        List<String> ids = assignments.idsOfProcess(pi);
        if (ids.isEmpty()) {
            throw Refusal.CREDITS_NOT_RETURNED.exception("No credit assignment belongs to process instance " + pi);
        }
        for (String id : ids) {
            CreditAssignment a = assignments.get(id);
            AssignmentRules.requireReturned(a, ledger.holding(a.subscriptionId(), a.id()));
        }
    }
}
