package io.grantflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Grantflow as a site configures it away from the test defaults, in one context for every such test class: the embedded
 * H2 file database and the signing keys as files, in a data directory an earlier version left open (0755, a 0644 file),
 * and passwords switched off ({@code grantflow.security.basic-auth: false}). Each test class reads the setting it is
 * about; the others do not touch it (the file database and the keys work alike with or without passwords).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grantflow.security.basic-auth=false")
@ActiveProfiles("test")
public abstract class DataDirContext {

    /** The data directory, left open by an earlier version before this context started. */
    protected static final Path DATA = looseDataDir();

    private static Path looseDataDir() {
        try {
            Path parent = Files.createTempDirectory("gf-datadir");
            Path data = parent.resolve("data");
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(data.resolve("left-by-an-earlier-version.txt"), "x");
            Files.setPosixFilePermissions(data.resolve("left-by-an-earlier-version.txt"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void fileDatabase(DynamicPropertyRegistry registry) {
        registry.add("grantflow.data-dir", DATA::toString);
        registry.add("grantflow.keys.store", () -> "file");
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA + "/grantflow;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        // Camunda keeps a static registry of engines by name: this context must not take the shared test context's one
        registry.add("camunda.bpm.process-engine-name", () -> "datadir");
    }
}
