package io.grantflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A walk-through of {@code docs/walkthroughs.md} as a test: the {@code bash} blocks of one section, in order, run in
 * one shell. Only what
 * differs in a test is edited (the jar is built and started by the build, the port is free, the directories are the
 * test's own); every other line runs as written.
 */
public final class WalkthroughScript {

    private static final Path GUIDE = Path.of("docs", "walkthroughs.md");

    private static final Pattern BASH = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    private WalkthroughScript() {
    }

    /**
     * The shell lines of the section headed {@code ## title} (up to the next {@code ## }), each passed through
     * {@code edit}, which may drop a line by answering null.
     */
    public static String section(String title, UnaryOperator<String> edit) throws IOException {
        String readme = Files.readString(GUIDE);
        int start = readme.indexOf("\n## " + title + "\n");
        assertThat(start).as("%s section '%s'", GUIDE, title).isNotNegative();
        int end = readme.indexOf("\n## ", start + 4);
        String doc = readme.substring(start, end < 0 ? readme.length() : end);
        StringBuilder script = new StringBuilder();
        Matcher block = BASH.matcher(doc);
        int blocks = 0;
        while (block.find()) {
            blocks++;
            for (String line : block.group(1).split("\n")) {
                String edited = line.startsWith("./mvnw") ? null : edit.apply(line);
                if (edited != null) {
                    script.append(edited).append('\n');
                }
            }
        }
        assertThat(blocks).as("bash blocks in '%s'", title).isPositive();
        return script.toString();
    }

    /** Runs {@code script} under {@code set -euo pipefail} in {@code dir}; asserts it ends with exit 0 and prints {@code marker}. */
    public static String run(String script, Path dir, String marker) throws IOException, InterruptedException {
        String full = "set -euo pipefail\n" + script + "\necho " + marker + "\n";
        Path log = Files.createTempFile(dir, "script", ".log");
        Process bash = new ProcessBuilder("bash", "-c", full).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = bash.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            bash.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as(output).isTrue();
        assertThat(bash.exitValue()).as("script:\n" + full + "\noutput:\n" + output).isZero();
        assertThat(output).contains(marker);
        return output;
    }
}
