package io.grantflow.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The models the jar ships (what {@code camunda.bpm.deployment-resource-pattern} finds: {@code processes/*.bpmn} and
 * {@code *.form}), known by the SHA-256 of their bytes, and the beans their expressions name. They are the only
 * content the engine may deploy (besides a {@link ModelAllowance} of the bench or the tests), and those beans the
 * only ones an expression may reach.
 */
@Component
class ShippedModels {

    // ${name} or #{name} alone: a bean or a variable; anything else in a shipped model is a comparison of variables
    private static final Pattern NAME_EXPRESSION = Pattern.compile("[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");

    private final Set<String> hashes = new HashSet<>();
    private final Set<String> names = new TreeSet<>();
    private final List<ModelAllowance> allowances;

    ShippedModels(Environment environment, ObjectProvider<ModelAllowance> allowances) {
        this.allowances = allowances.orderedStream().toList();
        String[] patterns = environment.getProperty("camunda.bpm.deployment-resource-pattern", String[].class,
                new String[] {"classpath*:processes/*.bpmn", "classpath*:processes/*.form"});
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        try {
            for (String pattern : patterns) {
                for (Resource resource : resolver.getResources(pattern.trim())) {
                    try (InputStream in = resource.getInputStream()) {
                        byte[] bytes = in.readAllBytes();
                        hashes.add(sha256(bytes));
                        Matcher m = NAME_EXPRESSION.matcher(new String(bytes, StandardCharsets.UTF_8));
                        while (m.find()) {
                            names.add(m.group(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped models cannot be read", e);
        }
        if (hashes.isEmpty()) {
            throw new IllegalStateException("no shipped models found at " + String.join(", ", patterns));
        }
    }

    /** Whether a resource may be deployed: byte for byte a model the jar ships, or allowed by the bench's or a test's allowance. */
    boolean allows(String resourceName, byte[] bytes) {
        return hashes.contains(sha256(bytes)) || allowances.stream().anyMatch(a -> a.allows(resourceName, bytes));
    }

    /**
     * The names that the models' expressions use alone ({@code ${checkSubscriptionDelegate}}, but also variables such as
     * {@code ${expiresAt}}): of these, the ones that are beans are the engine's bean map.
     */
    Set<String> expressionNames() {
        Set<String> all = new TreeSet<>(names);
        allowances.forEach(a -> all.addAll(a.delegateBeans()));
        return all;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
