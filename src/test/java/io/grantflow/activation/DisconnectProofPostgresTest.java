package io.grantflow.activation;

import io.grantflow.ledger.LedgerVerifier;
import io.grantflow.support.PostgresTestBase;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link DisconnectProofContract} on PostgreSQL. */
class DisconnectProofPostgresTest extends PostgresTestBase implements DisconnectProofContract {

    @Autowired
    ActivationFixture fx;
    @Autowired
    LedgerVerifier verifier;
    @Autowired
    ProcessEngine engine;

    /** camunda-bpm-assert holds one engine for the JVM: this class's, not the H2 context's. */
    @BeforeEach
    void assertionsOnThisEngine() {
        BpmnAwareTests.init(engine);
    }

    @Override
    public ActivationFixture fx() {
        return fx;
    }

    @Override
    public LedgerVerifier verifier() {
        return verifier;
    }
}
