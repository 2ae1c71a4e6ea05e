package io.grantflow.credits;

import io.grantflow.shared.OmittedHistory;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.springframework.stereotype.Component;

/**
 * Keeps the revoke key an operator enters in Tasklist out of the engine's history. The form hands it to the flow as
 * the variable {@code revokeKey}, which the verify step removes in the same transaction; without this filter the
 * full history would still keep its text. The key's jti is what the ledger and the token records keep instead.
 */
@Component
class RevokeKeyHistoryFilter implements OmittedHistory {

    @Override
    public boolean omits(HistoryEvent event) {
        return event instanceof HistoricVariableUpdateEventEntity variable && CreditVariables.REVOKE_KEY.equals(variable.getVariableName());
    }
}
