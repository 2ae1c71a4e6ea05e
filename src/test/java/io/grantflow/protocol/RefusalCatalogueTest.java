package io.grantflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The refusal catalogue is the only place a code is spelled: every throw site, problem handler and filter names an
 * entry, every entry is used, and {@code docs/refusals.md} is the catalogue as people read it. Refresh the document
 * with {@code ./mvnw test -Dtest=RefusalCatalogueTest -Dgrantflow.docs.write=true}.
 */
class RefusalCatalogueTest {

    private static final Path SOURCES = Path.of("src/main/java/io/grantflow");
    private static final Path DOC = Path.of("docs/refusals.md");

    /** Where a refusal code used to be written out: exception factories and constructors, problem writers, status switches. */
    private static final List<Pattern> SPELLED_OUT = List.of(
            Pattern.compile("(?:badRequest|unauthorized|forbidden|conflict)\\(\\s*\"([a-z0-9-]+)\""),
            Pattern.compile("(?:new (?:Grantflow|Token)Exception|super)\\(\\s*(?:\\d+,\\s*)?\"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\""),
            Pattern.compile("HttpStatus\\.[A-Z_]+,\\s*\"([a-z0-9-]+)\""),
            Pattern.compile("->\\s*\"([a-z]+(?:-[a-z0-9]+)+)\";"),
            Pattern.compile("static final String \\w+ = \"([a-z]+(?:-[a-z0-9]+)*-(?:refused|required|denied|invalid))\";"));

    @Test
    void codesAreKebabCaseUniqueAndErrors() {
        List<String> codes = Arrays.stream(Refusal.values()).map(Refusal::code).toList();
        assertThat(codes).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z]+(-[a-z0-9]+)*"));
        assertThat(Refusal.values()).allSatisfy(r -> {
            assertThat(r.status()).as(r.code()).isBetween(400, 599);
            assertThat(r.title()).as(r.code()).isNotBlank().doesNotEndWith(".");
            assertThat(r.name()).isEqualTo(r.code().toUpperCase().replace('-', '_'));
        });
        assertThat(Refusal.of("not-found")).isEqualTo(Refusal.NOT_FOUND);
        assertThat(Refusal.of("no-such-code")).isNull();
    }

    @Test
    void noSourceSpellsOutACode() throws IOException {
        List<String> spelled = new ArrayList<>();
        for (Path file : javaFiles()) {
            String path = file.toString().replace('\\', '/');
            if (path.endsWith("/Refusal.java") || path.contains("/edge/agent/") || path.contains("/bench/")) {
                continue; // the catalogue itself; the agent's and the bench's own command-line errors
            }
            String text = Files.readString(file);
            for (Pattern p : SPELLED_OUT) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    spelled.add(file.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(spelled).as("codes written out instead of named from the Refusal catalogue").isEmpty();
    }

    @Test
    void everyEntryIsUsed() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path file : javaFiles()) {
            if (!file.getFileName().toString().equals("Refusal.java")) {
                all.append(Files.readString(file));
            }
        }
        List<String> unused = Arrays.stream(Refusal.values())
                .filter(r -> !Pattern.compile("\\b" + r.name() + "\\b").matcher(all).find()).map(Refusal::code).toList();
        assertThat(unused).as("catalogue entries nothing answers").isEmpty();
    }

    @Test
    void theDocumentIsTheCatalogue() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("grantflow.docs.write")) {
            Files.writeString(DOC, rendered);
        }
        assertThat(Files.exists(DOC)).as("%s is missing; write it with -Dgrantflow.docs.write=true", DOC).isTrue();
        assertThat(Files.readString(DOC)).as("%s is out of date; write it with -Dgrantflow.docs.write=true", DOC).isEqualTo(rendered);
    }

    static String render() {
        StringBuilder doc = new StringBuilder("""
                # Refusal codes

                Every refusal Grantflow answers is an RFC 7807 `application/problem+json` document with a stable `code`; the
                `title` names the code's meaning and `detail` says why, for people. This table is generated from the catalogue
                in `src/main/java/io/grantflow/protocol/Refusal.java` (a test keeps it equal). Where: **API** is answered under
                `/api/v1` (each operation in the OpenAPI document lists its codes by status), **flow** is said inside the flows
                (an incident, a Tasklist message, a timeline entry), **engine** at the engine's doors (`/engine-rest`, Tasklist and
                Cockpit), **edge** by the edge agent to its operator. A call-in's refused bearer token is answered with 401 and the
                token's code.

                | Code | Status | Title | Where |
                |------|--------|-------|-------|
                """);
        for (Refusal r : Refusal.values()) {
            doc.append("| `").append(r.code()).append("` | ").append(r.status()).append(" | ").append(r.title()).append(" | ")
                    .append(switch (r.door()) {
                        case API -> "API";
                        case FLOW -> "flow";
                        case ENGINE -> "engine";
                        case EDGE -> "edge";
                    }).append(" |\n");
        }
        return doc.toString();
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
