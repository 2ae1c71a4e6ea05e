package io.grantflow.audit;

import io.grantflow.protocol.GrantflowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Service;

/**
 * The BPMN of a flow a timeline names, for the auditor page's diagram: read through the audit API, so the page needs
 * only the session or credentials it already has, never {@code /engine-rest}'s own login.
 */
@Service
@RequiredArgsConstructor
class ProcessDiagrams {

    private final RepositoryService repository;

    /** A process definition's BPMN 2.0 XML, as Cockpit draws it. */
    record ProcessDiagram(String processDefinitionId, String processDefinitionKey, String bpmn20Xml) {
    }

    ProcessDiagram diagram(String processDefinitionId) {
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionId(processDefinitionId).singleResult();
        if (definition == null) {
            throw GrantflowException.notFound("process definition", processDefinitionId);
        }
        try (InputStream xml = repository.getProcessModel(definition.getId())) {
            return new ProcessDiagram(definition.getId(), definition.getKey(), new String(xml.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
