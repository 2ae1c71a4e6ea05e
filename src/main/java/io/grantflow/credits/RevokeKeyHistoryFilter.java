package io.grantflow.credits;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the revoke key an operator enters in Tasklist out of the engine's history. The form hands it to the flow as
 * the variable {@code revokeKey}, which the verify step removes in the same transaction; without this filter the
 * full history would still keep its text. The key's jti is what the ledger and the token records keep instead.
 */
@Component
class RevokeKeyHistoryFilter extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(0, new Filtering(new DbHistoryEventHandler()));
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    /** The engine's own database history, minus the events of the {@code revokeKey} variable. */
    static final class Filtering implements HistoryEventHandler {

        private final HistoryEventHandler db;

        Filtering(HistoryEventHandler db) {
            this.db = db;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricVariableUpdateEventEntity variable
                    && CreditVariables.REVOKE_KEY.equals(variable.getVariableName())) {
                return;
            }
            db.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
