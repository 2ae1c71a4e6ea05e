package io.grantflow.shared;

import org.camunda.bpm.engine.impl.history.event.HistoryEvent;

/** History events a feature keeps out of the engine's history tables (see {@link EngineHistoryWrites}). */
public interface OmittedHistory {

    boolean omits(HistoryEvent event);
}
