package io.grantflow.credits;

import io.grantflow.ledger.HolderBalance;
import io.grantflow.ledger.LedgerService;
import io.grantflow.protocol.GrantflowException;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On the "credits returned" end events: a flow may end saying the credits came back only when they did, i.e. its
 * assignment (found by this process instance, not by a variable) is REVOKED or EXPIRED and holds nothing on the
 * ledger. A message sent to the flow by other means (a correlation, a triggered subscription) is refused: the
 * throw rolls the correlation back and the flow keeps waiting, with its timers.
 */
@Component("creditsReturnedCheck")
class CreditsReturnedCheck implements ExecutionListener {

    private final JdbcTemplate jdbc;
    private final CreditAssignments assignments;
    private final LedgerService ledger;

    CreditsReturnedCheck(JdbcTemplate jdbc, CreditAssignments assignments, LedgerService ledger) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.ledger = ledger;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String pi = execution.getProcessInstanceId();
        List<String> ids = jdbc.queryForList("SELECT id FROM gf_credit_assignment WHERE process_instance_id = ?"
                + " OR revoke_process_instance_id = ?", String.class, pi, pi);
        if (ids.isEmpty()) {
            throw returnedRefused("No credit assignment belongs to process instance " + pi);
        }
        for (String id : ids) {
            CreditAssignment a = assignments.get(id);
            HolderBalance holding = ledger.holding(a.subscriptionId(), a.id());
            if (!a.state().isFinal() || holding.held() != 0 || holding.pending() != 0) {
                throw returnedRefused("Assignment " + a.id() + " is " + a.state() + " and holds " + holding.held() + " (+"
                        + holding.pending() + " in flight) credits: its flow may not end as returned before the ledger says so");
            }
        }
    }

    private static GrantflowException returnedRefused(String detail) {
        return GrantflowException.conflict("credits-not-returned", detail);
    }
}
