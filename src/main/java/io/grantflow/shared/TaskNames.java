package io.grantflow.shared;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Task list items that say what they are about: "Configure printer seats — PLANT-7 (LIC-DEMO, ACME)". The name keeps
 * starting with the task's own name (people and tests look tasks up by it); the engine keeps at most 255 characters.
 */
public final class TaskNames {

    private static final int ENGINE_MAX = 255;

    private TaskNames() {
    }

    /** {@code base — subject (context, …)}; absent parts left out. */
    public static String withContext(String base, String subject, String... context) {
        String within = Arrays.stream(context).filter(Objects::nonNull).filter(c -> !c.isBlank()).collect(Collectors.joining(", "));
        StringBuilder name = new StringBuilder(base);
        if (subject != null && !subject.isBlank()) {
            name.append(" — ").append(subject);
        }
        if (!within.isEmpty()) {
            name.append(subject == null || subject.isBlank() ? " — " : " ").append('(').append(within).append(')');
        }
        return name.length() <= ENGINE_MAX ? name.toString() : name.substring(0, ENGINE_MAX - 1) + "…";
    }
}
