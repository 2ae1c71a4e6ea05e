package io.grantflow.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The data directory holds the H2 database (password hashes, issued token texts) and the signing keys: only the
 * account Grantflow runs as may read it. It is created 0700 before anything opens it (this runs while the environment
 * is prepared, before any bean, so before H2 creates its file), a directory left more open by an earlier version is
 * tightened (directories 0700, files 0600), and {@link DataDirectorySweep} tightens the files H2 made once started.
 */
public class DataDirectory implements EnvironmentPostProcessor {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final Log log;

    public DataDirectory(DeferredLogFactory logs) {
        this.log = logs.getLog(DataDirectory.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dataDir = environment.getProperty("grantflow.data-dir", "./data");
        if (uses(environment)) {
            try {
                secure(Path.of(dataDir));
            } catch (IOException | UncheckedIOException | SecurityException e) {
                log.warn("Cannot restrict the data directory " + dataDir + " to its owner: " + e.getMessage());
            }
        }
    }

    /** Created only where something of Grantflow's lives in it: the H2 file database or the file key store. */
    private static boolean uses(ConfigurableEnvironment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        return url.startsWith("jdbc:h2:file:") || "file".equals(environment.getProperty("grantflow.keys.store", "file"))
                || Files.isDirectory(Path.of(environment.getProperty("grantflow.data-dir", "./data")));
    }

    /** Creates {@code dir} owner-only if missing, and makes it and everything in it owner-only. */
    public static void secure(Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
        tighten(dir);
    }

    /** Directories 0700, regular files 0600; symbolic links are not followed. */
    static void tighten(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.forEach(path -> {
                try {
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(path, DIRECTORY);
                    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(path, FILE);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a temporary file H2 removed meanwhile
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
