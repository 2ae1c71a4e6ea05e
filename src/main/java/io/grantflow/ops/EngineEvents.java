package io.grantflow.ops;

import lombok.RequiredArgsConstructor;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Listens to the engine's history events (next to its own database handler): counts flows started and ended per
 * process once their transaction committed, and publishes {@link IncidentOpened} for notifiers. Nothing here may
 * fail a step: a problem is logged and the engine carries on.
 */
@Component
@RequiredArgsConstructor
class EngineEvents extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(EngineEvents.class);

    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new Handler());
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private final class Handler implements HistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            try {
                if (event instanceof HistoricProcessInstanceEventEntity pi) {
                    processInstance(pi);
                } else if (event instanceof HistoricIncidentEventEntity incident
                        && event.isEventOfType(HistoryEventTypes.INCIDENT_CREATE)) {
                    events.publishEvent(new IncidentOpened(incident.getId(), incident.getIncidentType(), incident.getProcessInstanceId(),
                            incident.getProcessDefinitionKey(), incident.getActivityId(), incident.getConfiguration(),
                            incident.getIncidentMessage(), incident.getCreateTime() == null ? null : incident.getCreateTime().toInstant()));
                }
            } catch (RuntimeException e) {
                log.warn("Could not count or publish the engine's {} event", event.getEventType(), e);
            }
        }

        @Override
        public void handleEvents(List<HistoryEvent> list) {
            list.forEach(this::handleEvent);
        }
    }

    private void processInstance(HistoricProcessInstanceEventEntity pi) {
        String process = pi.getProcessDefinitionKey() == null ? "unknown" : pi.getProcessDefinitionKey();
        if (pi.isEventOfType(HistoryEventTypes.PROCESS_INSTANCE_START)) {
            afterCommit(() -> meters.counter("grantflow.flows.started", "process", process).increment());
        } else if (pi.isEventOfType(HistoryEventTypes.PROCESS_INSTANCE_END)) {
            String name = HistoricProcessInstance.STATE_COMPLETED.equals(pi.getState()) ? "grantflow.flows.completed"
                    : "grantflow.flows.terminated";
            afterCommit(() -> meters.counter(name, "process", process).increment());
        }
    }

    /** A start that is rolled back (a refused request) is not a flow started. */
    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }
}
