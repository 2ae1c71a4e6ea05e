package io.grantflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features stay apart: no cycles, no reaching into another feature's insides, no engine in tokens or ledger. */
class ModularityTest {

    @Test
    void featuresHaveNoCyclesAndUseOnlyEachOthersApi() {
        ApplicationModules.of(GrantflowApplication.class).verify();
    }

    @Test
    void tokensAndLedgerKnowNoCamundaTypes() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.grantflow");
        noClasses().that().resideInAnyPackage("io.grantflow.tokens..", "io.grantflow.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("org.camunda..")
                .because("tokens and ledger are plain services any flow (or the edge agent) can use")
                .check(classes);
    }

    @Test
    void theEdgeAgentKnowsOnlyTheProtocolAndItsLibraries() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.grantflow");
        classes().that().resideInAPackage("io.grantflow.edge.agent..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "io.grantflow.protocol..",
                        "io.grantflow.edge.agent..", "com.nimbusds..", "com.fasterxml.jackson..", "picocli..", "com.google.zxing..")
                .because("the agent runs offline at sites: no Spring, no engine, no other Grantflow module (one jar, its own mode)")
                .check(classes);
    }
}
