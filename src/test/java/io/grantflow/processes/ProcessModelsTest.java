package io.grantflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The house rules for every BPMN file in processes/, so a newcomer (and Tasklist) can read each flow. */
class ProcessModelsTest {

    static List<Path> processes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("processes")
    void processFollowsTheHouseRules(Path file) throws IOException {
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        Bpmn.validateModel(model);
        Collection<Process> processes = model.getModelElementsByType(Process.class);
        assertThat(processes).hasSize(1);
        Process process = processes.iterator().next();
        String name = file.getFileName().toString().replace(".bpmn", "");
        assertThat(process.getId()).as("process id = file name").isEqualTo(name);
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).as("historyTimeToLive").isNotBlank();

        Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
                .map(s -> s.getBpmnElement().getId()).collect(Collectors.toSet());
        Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
                .map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(shapes).as("diagram shape of " + node.getId() + " (run BpmnLayout)").contains(node.getId());
            assertThat(node.getId()).as("a readable id, not a modeler's generated one")
                    .doesNotMatch("^(Activity|Event|Gateway|Task|StartEvent|EndEvent)_[0-9a-z]{7}$");
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            assertThat(edges).as("diagram edge of " + flow.getId()).contains(flow.getId());
        }
        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            assertThat(task.getName()).as("name of " + task.getId()).isNotBlank();
            assertThat(task.getCamundaCandidateGroups()).as("candidate groups of " + task.getId()).contains("operators");
            String formRef = task.getCamundaFormRef();
            assertThat(formRef).as("Camunda Form of " + task.getId()).isNotBlank();
            assertThat(formIds()).as("a .form in processes/ with id " + formRef).contains(formRef);
        }
    }

    private static Set<String> formIds() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            return files.filter(p -> p.toString().endsWith(".form")).map(ProcessModelsTest::formId).collect(Collectors.toSet());
        }
    }

    private static String formId(Path form) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(form.toFile()).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
