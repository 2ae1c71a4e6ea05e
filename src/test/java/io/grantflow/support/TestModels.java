package io.grantflow.support;

import io.grantflow.security.ModelAllowance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The tests' own models, deployable in every test context (a component of the test sources, so never in the jar):
 * those a test builds in code under a {@code gf-test-} name, and {@code test-processes/*.bpmn} byte for byte.
 */
@Component
class TestModels implements ModelAllowance {

    /** The name prefix of the models tests build in code. */
    static final String BUILT_IN_TESTS = "gf-test-";

    private final List<byte[]> files = new ArrayList<>();

    TestModels() {
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:test-processes/*.bpmn")) {
                try (InputStream in = r.getInputStream()) {
                    files.add(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean allows(String resourceName, byte[] bytes) {
        return resourceName.startsWith(BUILT_IN_TESTS) || files.stream().anyMatch(f -> Arrays.equals(f, bytes));
    }

    @Override
    public Set<String> delegateBeans() {
        return Set.of("ledgerStepTestDelegate");
    }
}
