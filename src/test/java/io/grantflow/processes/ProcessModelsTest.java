package io.grantflow.processes;

import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
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
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.junit.jupiter.api.Test;
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

    /** One dialect: ids that say what they are, and words for every step and every condition. */
    @ParameterizedTest
    @MethodSource("processes")
    void processIsWrittenInTheHouseDialect(Path file) {
        List<String> problems = dialectProblems(Bpmn.readModelFromFile(file.toFile()));
        assertThat(problems).as(file.getFileName() + ":\n  " + String.join("\n  ", problems)).isEmpty();
    }

    /** The check sees what it is for: a model spoilt in memory the way the generated ones were. */
    @Test
    void dialectCheckSeesGeneratedIdsAndMissingDocumentation() {
        BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("processes/remote-activation-add.bpmn").toFile());
        model.getModelElementById("TimerDef_ReceiptFollowUp").setAttributeValue("id", "TimerEventDefinition_2", true);
        BaseElement task = model.getModelElementById("Task_AllocateSeats");
        task.getDocumentations().forEach(task::removeChildElement);
        Process process = model.getModelElementsByType(Process.class).iterator().next();
        process.getDocumentations().forEach(process::removeChildElement);
        List<String> problems = dialectProblems(model);
        assertThat(problems).contains("generated id TimerEventDefinition_2", "no documentation on Task_AllocateSeats",
                "no documentation on process remote-activation-add");

        BpmnModelInstance update = Bpmn.readModelFromFile(Path.of("processes/remote-activation-update.bpmn").toFile());
        BaseElement conditional = update.getModelElementById("Flow_SeatsValid_to_Configure");
        conditional.getDocumentations().forEach(conditional::removeChildElement);
        BaseElement plain = update.getModelElementById("Flow_Configure_to_ConfigureSeats");
        plain.getDocumentations().forEach(plain::removeChildElement); // no condition: words are optional
        assertThat(dialectProblems(update)).containsExactly("no documentation on Flow_SeatsValid_to_Configure");
    }

    /** A box that only sometimes has something to say (a note, a warning, the last refusal) is hidden when it has not. */
    @Test
    void optionalFormBoxesHideWhenNullOrEmpty() throws IOException {
        Map<String, String> optional = Map.of("configure-printer-seats", "message", "deliver-credit-file", "warning",
                "enter-revoke-key", "revokeKeyRefusal");
        optional.forEach((form, key) -> {
            JsonNode box = null;
            try {
                for (JsonNode c : new ObjectMapper().readTree(Path.of("processes", form + ".form").toFile()).path("components")) {
                    if (key.equals(c.path("key").asText())) {
                        box = c;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(box).as("%s has a %s box", form, key).isNotNull();
            assertThat(box.at("/conditional/hide").asText()).as("%s: %s hides when null or empty", form, key)
                    .isEqualTo("=" + key + " = null or " + key + " = \"\"");
        });
    }

    private static final Pattern GENERATED_ID = Pattern.compile("^[A-Za-z]+_\\d+$|^[A-Za-z]+_[0-9a-z]{7}$");

    static List<String> dialectProblems(BpmnModelInstance model) {
        List<String> problems = new ArrayList<>();
        ids(model.getDocument().getRootElement(), problems);
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (!documented(process)) {
                problems.add("no documentation on process " + process.getId());
            }
        }
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (!documented(node)) {
                problems.add("no documentation on " + node.getId());
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (flow.getConditionExpression() != null && !documented(flow)) {
                problems.add("no documentation on " + flow.getId());
            }
        }
        return problems;
    }

    /** Every id in the file, the diagram's too: a modeler's generated one reads as nothing. */
    private static void ids(DomElement element, List<String> problems) {
        String id = element.getAttribute("id");
        if (id != null && GENERATED_ID.matcher(id).matches()) {
            problems.add("generated id " + id);
        }
        element.getChildElements().forEach(child -> ids(child, problems));
    }

    private static boolean documented(BaseElement element) {
        return element.getDocumentations().stream().map(Documentation::getTextContent)
                .anyMatch(text -> text != null && !text.isBlank());
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
