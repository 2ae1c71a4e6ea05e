package io.grantflow.shared;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * What the engine writes to its history tables. The level stays {@code full} (the user operation log, every task,
 * step and variable with its last value), minus two things:
 * <ul>
 * <li>a copy of every variable per update ({@code ACT_HI_DETAIL}):
 *   nobody reads them — Grantflow's timeline, Tasklist and the community Cockpit show variables' values, and what
 *   moved is on the ledger and in the token records;</li>
 * <li>the events a feature asks to keep out ({@link OmittedHistory}), e.g. the text of a revoke key;</li>
 * <li>the removal time stamped on every history row of a flow when it ends: one UPDATE per history table (about
 *   fifteen) for every ended flow. The
 *   history cleanup finds ended flows by their end time instead ({@code endTimeBased}): the history still goes
 *   {@code historyTimeToLive} after a flow's end, and a waiting flow's never.</li>
 * </ul>
 * The level in the database is unchanged, so an existing database starts as before.
 */
@Component
class EngineHistoryWrites extends AbstractProcessEnginePlugin {

    private final List<OmittedHistory> omitted;

    EngineHistoryWrites(List<OmittedHistory> omitted) {
        this.omitted = List.copyOf(omitted);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        // "none" is only allowed with the end-time-based cleanup: they go together
        configuration.setHistoryRemovalTimeStrategy(ProcessEngineConfiguration.HISTORY_REMOVAL_TIME_STRATEGY_NONE);
        configuration.setHistoryCleanupStrategy(ProcessEngineConfiguration.HISTORY_CLEANUP_STRATEGY_END_TIME_BASED);
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(0, new Filtering(new WithoutVariableDetails(), omitted));
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    /** The engine's database handler without the per-update variable copies. */
    static final class WithoutVariableDetails extends DbHistoryEventHandler {
        @Override
        protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity historyEvent) {
            return false;
        }
    }

    static final class Filtering implements HistoryEventHandler {

        private final HistoryEventHandler db;
        private final List<OmittedHistory> omitted;

        Filtering(HistoryEventHandler db, List<OmittedHistory> omitted) {
            this.db = db;
            this.omitted = omitted;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            for (OmittedHistory o : omitted) {
                if (o.omits(event)) {
                    return;
                }
            }
            db.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::handleEvent);
        }
    }
}
