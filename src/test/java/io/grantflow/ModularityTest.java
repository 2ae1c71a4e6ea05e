package io.grantflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features stay apart: no cycles, no reaching into another feature's insides, no engine in tokens or ledger. */
class ModularityTest {

    /** Grantflow's production classes, imported once for every rule. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.grantflow");

    @Test
    void featuresHaveNoCyclesAndUseOnlyEachOthersApi() {
        ApplicationModules.of(GrantflowApplication.class).verify();
    }

    @Test
    void tokensAndLedgerKnowNoCamundaTypes() {
        noClasses().that().resideInAnyPackage("io.grantflow.tokens..", "io.grantflow.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("org.camunda..")
                .because("tokens and ledger are plain services any flow (or the edge agent) can use")
                .check(CLASSES);
    }

    @Test
    void theEdgeAgentKnowsOnlyTheProtocolAndItsLibraries() {
        classes().that().resideInAPackage("io.grantflow.edge.agent..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "io.grantflow.protocol..",
                        "io.grantflow.edge.agent..", "com.nimbusds..", "com.fasterxml.jackson..", "picocli..", "com.google.zxing..")
                .because("the agent runs offline at sites: no Spring, no engine, no other Grantflow module (one jar, its own mode)")
                .check(CLASSES);
    }

    /**
     * One owner per table: every Grantflow table is written (INSERT, UPDATE, DELETE, MERGE) by exactly one production
     * class, its aggregate's repository or service; others go through that owner.
     */
    @Test
    void everyTableHasOneWriter() throws Exception {
        Pattern write = Pattern.compile("(?i)\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO)\\s+(gf_\\w+)");
        Map<String, Set<String>> writers = new TreeMap<>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = write.matcher(Files.readString(file));
                while (m.find()) {
                    writers.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), t -> new TreeSet<>())
                            .add(file.getFileName().toString());
                }
            }
        }
        assertThat(writers).as("tables and the classes writing them")
                .hasSizeGreaterThan(15)
                .allSatisfy((table, classes) -> assertThat(classes).as(table).hasSize(1));
    }
}
