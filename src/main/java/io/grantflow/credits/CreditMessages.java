package io.grantflow.credits;

import org.camunda.bpm.engine.RuntimeService;

/** Tells one credit flow that something settled its credits, if it waits for that message. */
final class CreditMessages {

    private CreditMessages() {
    }

    static void send(RuntimeService runtime, String message, String targetProcessInstanceId, String currentProcessInstanceId) {
        if (targetProcessInstanceId == null || targetProcessInstanceId.equals(currentProcessInstanceId)) {
            return;
        }
        // correlateAll: no waiting subscription (the flow moved on meanwhile) is no error, and needs no query first
        runtime.createMessageCorrelation(message).processInstanceId(targetProcessInstanceId).correlateAll();
    }
}
