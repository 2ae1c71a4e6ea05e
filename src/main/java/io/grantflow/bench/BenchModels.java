package io.grantflow.bench;

import io.grantflow.security.ModelAllowance;
import java.util.Set;

/** The bench's baseline flows (the bare engine, with and without a signature): deployable in the bench's context only. */
final class BenchModels implements ModelAllowance {

    @Override
    public boolean allows(String resourceName, byte[] bytes) {
        return resourceName.equals(BenchCli.BASELINE + ".bpmn") || resourceName.equals(BenchCli.BASELINE_SIGNED + ".bpmn")
                || resourceName.equals(BenchCli.BASELINE_ASYNC + ".bpmn");
    }

    @Override
    public Set<String> delegateBeans() {
        return Set.of(SignDelegate.BEAN);
    }
}
