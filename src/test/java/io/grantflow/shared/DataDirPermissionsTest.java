package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default on a data directory an earlier version left open (0755, a 0644 file): once started, the
 * directory and every directory in it are 0700 and every file (the H2 database, the signing keys) 0600.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DataDirPermissionsTest {

    static final Path DATA = create();

    static Path create() {
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

    @Test
    void dataDirectoryWhenStartedThenOwnerOnlyAndEveryFileInItToo() throws IOException {
        assertThat(mode(DATA)).isEqualTo("rwx------");
        List<Path> all;
        try (Stream<Path> paths = Files.walk(DATA)) {
            all = paths.toList();
        }
        assertThat(all).anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".mv.db"));
        assertThat(all).anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("signing-keys.json"));
        for (Path path : all) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(mode(path)).as(path.toString()).isEqualTo("rwx------");
            } else {
                assertThat(mode(path)).as(path.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void dataDirectoryWhenMissingThenCreatedOwnerOnly() throws IOException {
        Path fresh = Files.createTempDirectory("gf-datadir-fresh").resolve("nested").resolve("data");
        DataDirectory.secure(fresh);
        assertThat(mode(fresh)).isEqualTo("rwx------");
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
