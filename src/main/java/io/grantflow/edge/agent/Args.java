package io.grantflow.edge.agent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of one agent command: {@code --name value} options, {@code --flag}s and positional
 * arguments. Each command declares what it takes, so a typo is a usage error rather than silently ignored.
 */
final class Args {

    private final String command;
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param valued the options that take a value (without "--")
     * @param flagNames the options that take none
     */
    static Args parse(String command, String[] args, Set<String> valued, Set<String> flagNames) {
        Args parsed = new Args(command);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagNames.contains(name) && value == null) {
                    parsed.flags.add(name);
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw AgentException.usage("--" + name + " needs a value (see 'agent " + command + " --help')");
                        }
                        value = args[++i];
                    }
                    if (parsed.options.put(name, value) != null) {
                        throw AgentException.usage("--" + name + " is given twice");
                    }
                } else {
                    throw AgentException.usage("'" + command + "' has no option --" + name + " (see 'agent " + command + " --help')");
                }
            } else {
                parsed.positional.add(arg);
            }
        }
        return parsed;
    }

    String command() {
        return command;
    }

    String option(String name) {
        return options.get(name);
    }

    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw AgentException.usage("'" + command + "' needs --" + name + " (see 'agent " + command + " --help')");
        }
        return value;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }

    int positiveInt(String name) {
        String value = required(name);
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw AgentException.usage("--" + name + " must be a positive whole number, not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw AgentException.usage("--" + name + " must be a positive whole number, not " + value);
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT30S}). */
    static Duration duration(String name, String value) {
        try {
            if (value.matches("\\d+[smhd]")) {
                long n = Long.parseLong(value.substring(0, value.length() - 1));
                return switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw AgentException.usage("--" + name + " must be a duration such as 30s, 5m, 24h or PT30S, not " + value);
        }
    }
}
