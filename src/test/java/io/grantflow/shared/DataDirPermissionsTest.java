package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.DataDirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded default on a data directory an earlier version left open (0755, a 0644 file, see {@link DataDirContext}):
 * once started, the directory and every directory in it are 0700 and every file (the H2 database, the signing keys) 0600.
 */
class DataDirPermissionsTest extends DataDirContext {

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
