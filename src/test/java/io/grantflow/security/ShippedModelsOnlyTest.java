package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An administrator's deployment runs nothing on the host and moves nothing: at every door (Camunda's REST API, the
 * webapps' API, the Java API) a model that is not byte for byte one the jar ships is refused before the engine reads
 * it ({@code 403 deployment-refused}); the shipped models still deploy, and what expressions remain reach only the
 * delegate beans, with no scripts.
 */
@GrantflowTest
class ShippedModelsOnlyTest {

    static final String BOUNDARY = "----gfdeploy";

    @LocalServerPort
    int port;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;

    /** A one-step flow whose step is the expression: runs when started, and on old code at once. */
    static String model(String key, String expression) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
                + " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" targetNamespace=\"http://example.com\">\n"
                + "<bpmn:process id=\"" + key + "\" isExecutable=\"true\" camunda:historyTimeToLive=\"P1D\">\n"
                + "<bpmn:startEvent id=\"start\"/><bpmn:sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"step\"/>\n"
                + "<bpmn:serviceTask id=\"step\" camunda:expression=\"" + expression.replace("\"", "&quot;") + "\"/>\n"
                + "<bpmn:sequenceFlow id=\"f2\" sourceRef=\"step\" targetRef=\"end\"/><bpmn:endEvent id=\"end\"/>\n"
                + "</bpmn:process></bpmn:definitions>\n";
    }

    static String multipart(String name, String fileName, String bpmn) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n" + name + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + BOUNDARY + "--\r\n";
    }

    /** The issue's two payloads: a command on the host, and credits moved past the rules through the application's beans. */
    List<String[]> payloads(Path file) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return List.of(
                new String[] {"runs-command-" + suffix, DelegateBeansOnlyTest.writesFile(file)},
                new String[] {"moves-credits-" + suffix, "${jdbcTemplate.update('UPDATE gf_pool SET available = available + 1000')"
                        + " + ledgerService.hashCode()}"});
    }

    String ledger() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM gf_ledger_entry", Long.class) + " rows, "
                + jdbc.queryForObject("SELECT COALESCE(SUM(available), 0) FROM gf_pool", Long.class) + " available";
    }

    void assertNothingDeployedNorRun(String key, Path file, String ledgerBefore) {
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).as(key).isZero();
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();
        assertThat(file).doesNotExist();
        assertThat(ledger()).isEqualTo(ledgerBefore);
    }

    @Test
    void adminDeployOverEngineRestWhenNotAShippedModelThenRefusedAndNothingRuns() throws IOException {
        Path file = Files.createTempDirectory("gf-deploy").resolve("ran");
        String ledgerBefore = ledger();
        long deployments = repository.createDeploymentQuery().count();
        Http admin = Http.at(port).as("admin");
        for (String[] payload : payloads(file)) {
            Http.Response r = admin.post("/engine-rest/deployment/create", "multipart/form-data; boundary=" + BOUNDARY,
                    multipart(payload[0], payload[0] + ".bpmn", model(payload[0], payload[1])));
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isEqualTo("deployment-refused");
            assertNothingDeployedNorRun(payload[0], file, ledgerBefore);
        }
        assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
    }

    @Test
    void adminDeployInCockpitsSessionWhenNotAShippedModelThenRefused() throws IOException {
        Path file = Files.createTempDirectory("gf-deploy").resolve("ran");
        String ledgerBefore = ledger();
        WebappSession cockpit = WebappSession.login(port, "cockpit", "admin", "admin");
        for (String[] payload : payloads(file)) {
            Http.Response r = cockpit.engine("POST", "/deployment/create", "multipart/form-data; boundary=" + BOUNDARY,
                    multipart(payload[0], payload[0] + ".bpmn", model(payload[0], payload[1])));
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertNothingDeployedNorRun(payload[0], file, ledgerBefore);
        }
    }

    @Test
    void deployOverJavaApiWhenNotAShippedModelThenRefused() throws IOException {
        Path file = Files.createTempDirectory("gf-deploy").resolve("ran");
        String ledgerBefore = ledger();
        for (String[] payload : payloads(file)) {
            assertThatThrownBy(() -> repository.createDeployment().name(payload[0])
                    .addString(payload[0] + ".bpmn", model(payload[0], payload[1])).deploy())
                    .isInstanceOf(AuthorizationException.class)
                    .cause().isInstanceOfSatisfying(GrantflowException.class, e -> assertThat(e.code()).isEqualTo("deployment-refused"));
            assertNothingDeployedNorRun(payload[0], file, ledgerBefore);
        }
        // a shipped model changed by one byte, even under its own name, is another model
        String changed = shipped("credit-assignment.bpmn").replace("Credit assignment", "Credit assignmenT");
        assertThatThrownBy(() -> repository.createDeployment().addString("credit-assignment.bpmn", changed).deploy())
                .isInstanceOf(AuthorizationException.class);
    }

    @Test
    void shippedModelsWhenDeployedAgainOrRedeployedThenAccepted() throws IOException {
        long versions = repository.createProcessDefinitionQuery().processDefinitionKey("credit-assignment").count();
        // as a node of a cluster deploys at its start: only what changed (nothing)
        ProcessDefinition started = repository.createProcessDefinitionQuery().processDefinitionKey("credit-assignment")
                .latestVersion().singleResult();
        String name = repository.createDeploymentQuery().deploymentId(started.getDeploymentId()).singleResult().getName();
        repository.createDeployment().name(name).enableDuplicateFiltering(true)
                .addString(started.getResourceName(), shipped("credit-assignment.bpmn")).deploy();
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("credit-assignment").count()).isEqualTo(versions);

        Deployment forced = repository.createDeployment().name("forced")
                .addString("credit-assignment.bpmn", shipped("credit-assignment.bpmn")).deploy();
        Http.Response redeploy = Http.at(port).as("admin").postJson("/engine-rest/deployment/" + forced.getId() + "/redeploy", "{}");
        try {
            assertThat(redeploy.status()).as(redeploy.toString()).isEqualTo(200);
            assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("credit-assignment").count()).isEqualTo(versions + 2);
        } finally {
            repository.deleteDeployment(redeploy.json().path("id").asText(), false);
            repository.deleteDeployment(forced.getId(), false);
        }
    }

    @Test
    void modelsAllowedInTestsWhenTheirExpressionsReachPastTheDelegatesThenTheyDoNotResolveAndScriptsDoNotRun() throws IOException {
        // the tests' allowance lets these models in: what is left to expressions and scripts is held by the engine
        Path file = Files.createTempDirectory("gf-deploy").resolve("ran");
        String ledgerBefore = ledger();
        String key = "gf-test-expressions";
        Deployment d = repository.createDeployment().name(key)
                .addString(key + "-command.bpmn", model(key + "-command", DelegateBeansOnlyTest.writesFile(file)))
                .addString(key + "-ledger.bpmn", model(key + "-ledger", "${ledgerService.hashCode()}"))
                .addString(key + "-jdbc.bpmn", model(key + "-jdbc", "${jdbcTemplate.update('UPDATE gf_pool SET available = available + 1000')}"))
                .addModelInstance(key + "-script.bpmn", Bpmn.createExecutableProcess(key + "-script").camundaHistoryTimeToLive(1)
                        .startEvent().scriptTask().scriptFormat("javascript").scriptText("1 + 1").endEvent().done())
                .deploy();
        try {
            for (String process : List.of("-command", "-ledger", "-jdbc", "-script")) {
                assertThatThrownBy(() -> runtime.startProcessInstanceByKey(key + process, Map.of())).as(process)
                        .isInstanceOf(RuntimeException.class);
            }
            assertThatThrownBy(() -> runtime.startProcessInstanceByKey(key + "-script")).hasStackTraceContaining("runs no scripts");
            assertThatThrownBy(() -> runtime.startProcessInstanceByKey(key + "-ledger")).hasStackTraceContaining("ledgerService");
            assertThatThrownBy(() -> runtime.startProcessInstanceByKey(key + "-command")).hasStackTraceContaining("may not reach classes");
            assertThat(file).doesNotExist();
            assertThat(ledger()).isEqualTo(ledgerBefore);
        } finally {
            repository.deleteDeployment(d.getId(), true);
        }
    }

    @Test
    void storedTaskFilterWhenItsExpressionReachesAClassThenRefusedAndNothingRuns() throws IOException {
        Path file = Files.createTempDirectory("gf-filter").resolve("ran");
        Http admin = Http.at(port).as("admin");
        Http.Response created = admin.postJson("/engine-rest/filter/create", Map.of("resourceType", "Task", "name", "gf-test-filter",
                "query", Map.of("assigneeExpression", DelegateBeansOnlyTest.writesFile(file))));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.json().path("id").asText();
        try {
            Http.Response listed = admin.get("/engine-rest/filter/" + id + "/list");
            assertThat(listed.status()).as(listed.toString()).isEqualTo(403);
            assertThat(listed.code()).isEqualTo("expression-refused");
            assertThat(file).doesNotExist();
        } finally {
            admin.send(admin.builder("/engine-rest/filter/" + id).DELETE());
        }
    }

    static String shipped(String name) throws IOException {
        try (InputStream in = ShippedModelsOnlyTest.class.getResourceAsStream("/processes/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
