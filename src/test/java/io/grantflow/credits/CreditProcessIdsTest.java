package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ids Java names for each credit flow are the flow's ids (a renamed element fails here, not in production), and
 * every ledger step a timer triggers runs in the timer's own job, whose retries are explicit: every assignment ends by
 * one of these timers, so a second job each would double the job executor's work for nothing, and a return the ledger
 * refuses rolls back with the timer, leaving the flow waiting where it was (for a revoke, a download or its time).
 */
class CreditProcessIdsTest {

    static Class<?> idsOf(String process) {
        return process.equals(CreditAssignmentProcess.PROCESS) ? CreditAssignmentProcess.class : CreditRevokeProcess.class;
    }

    static BpmnModelInstance model(String process) {
        return Bpmn.readModelFromFile(new File("processes/" + process + ".bpmn"));
    }

    @ParameterizedTest
    @ValueSource(strings = { CreditAssignmentProcess.PROCESS, CreditRevokeProcess.PROCESS })
    void idsInJavaWhenReadFromTheModelThenEachNamesOneOfItsElements(String process) throws IllegalAccessException {
        BpmnModelInstance model = model(process);
        assertThat(model.getModelElementsByType(Process.class)).extracting(Process::getId).containsExactly(process);
        List<String> messages = model.getModelElementsByType(Message.class).stream().map(Message::getName).toList();
        for (Field field : constants(idsOf(process))) {
            String value = (String) field.get(null);
            if (field.getName().startsWith("MSG_")) {
                assertThat(messages).as(field.getName()).contains(value);
            } else if (!field.getName().equals("PROCESS")) {
                assertThat((Object) model.getModelElementById(value)).as(field.getName() + " = " + value).isInstanceOf(FlowNode.class);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { CreditAssignmentProcess.PROCESS, CreditRevokeProcess.PROCESS })
    void serviceTaskWhenATimerLeadsToItThenInTheTimersJobWithRetries(String process) {
        BpmnModelInstance model = model(process);
        List<FlowNode> timers = model.getModelElementsByType(TimerEventDefinition.class).stream()
                .map(timer -> (FlowNode) timer.getParentElement()).toList();
        List<ServiceTask> afterTimers = model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(flow -> timers.contains(flow.getSource())).map(SequenceFlow::getTarget)
                .filter(ServiceTask.class::isInstance).map(ServiceTask.class::cast).toList();
        assertThat(afterTimers).as("ledger steps after a timer").isNotEmpty();
        for (ServiceTask task : afterTimers) {
            assertThat(task.isCamundaAsyncBefore()).as(task.getId() + " asyncBefore").isFalse();
            FlowNode timer = model.getModelElementsByType(SequenceFlow.class).stream().filter(flow -> flow.getTarget() == task)
                    .map(SequenceFlow::getSource).filter(timers::contains).findFirst().orElseThrow();
            CamundaFailedJobRetryTimeCycle retries = timer.getExtensionElements() == null ? null
                    : timer.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list()
                            .stream().findFirst().orElse(null);
            assertThat(retries).as(timer.getId() + " failedJobRetryTimeCycle").isNotNull();
            assertThat(retries.getTextContent()).matches("R\\d+/PT\\d+[SMH]");
        }
    }

    private static List<Field> constants(Class<?> type) {
        return Stream.of(type.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()) && f.getType() == String.class)
                .toList();
    }
}
