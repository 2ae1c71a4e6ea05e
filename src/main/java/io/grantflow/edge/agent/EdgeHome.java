package io.grantflow.edge.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * The edge's directory: {@code edge.json} (identity and private key, mode 600), {@code trust.json} (Grantflow's
 * public keys) and {@code state.json} (what the edge holds). Every write goes to a temporary file that is then
 * moved over the old one atomically, so a crash mid-write leaves the old state; read-modify-write runs under a
 * file lock so a running {@code call-in --every} and a person's command do not lose each other's change.
 */
final class EdgeHome {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path dir;

    EdgeHome(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path identityFile() {
        return dir.resolve("edge.json");
    }

    Path trustFile() {
        return dir.resolve("trust.json");
    }

    Path stateFile() {
        return dir.resolve("state.json");
    }

    boolean initialised() {
        return Files.exists(identityFile());
    }

    EdgeIdentity identity() {
        if (!initialised()) {
            throw new AgentException("not-initialised", "No edge in " + dir + ": run 'agent init --home " + dir + " --kind ...' first");
        }
        return read(identityFile(), EdgeIdentity.class);
    }

    void saveIdentity(EdgeIdentity identity) {
        write(identityFile(), identity, true);
    }

    JWKSet trust() {
        if (!Files.exists(trustFile())) {
            throw new AgentException("not-trusted", "No Grantflow keys in " + dir + ": run 'agent trust --home " + dir + " --jwks FILE|URL' first");
        }
        try {
            return JWKSet.parse(Files.readString(trustFile()));
        } catch (IOException | ParseException e) {
            throw new AgentException("state-unreadable", trustFile() + " cannot be read: " + e.getMessage());
        }
    }

    void saveTrust(JWKSet keys) {
        writeText(trustFile(), keys.toString(true), false);
    }

    EdgeState state() {
        return Files.exists(stateFile()) ? read(stateFile(), EdgeState.class) : new EdgeState();
    }

    /** Reads the state, changes it and writes it back, under the directory's lock; a refusal writes nothing. */
    <T> T update(Function<EdgeState, T> change) {
        return update(null, change);
    }

    /** As {@link #update(Function)}; with {@code now}, items of the outbox that expired are dropped too. */
    <T> T update(Instant now, Function<EdgeState, T> change) {
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            EdgeState state = state();
            T result = change.apply(state);
            if (now != null) {
                state.dropExpired(now);
            }
            write(stateFile(), state, false);
            return result;
        } catch (IOException e) {
            throw new AgentException("state-unwritable", "Cannot lock " + dir + ": " + e.getMessage());
        }
    }

    private <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new AgentException("state-unreadable", file + " cannot be read: " + e.getMessage());
        }
    }

    private void write(Path file, Object value, boolean secret) {
        try {
            writeText(file, JSON.writeValueAsString(value) + "\n", secret);
        } catch (IOException e) {
            throw new AgentException("state-unwritable", "Cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Temporary file in the same directory, flushed to disk, then moved over the target in one step. */
    void writeText(Path file, String text, boolean secret) {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            createFile(temp, secret);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new AgentException("state-unwritable", "Cannot write " + file + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless: it is never read
            }
        }
    }

    /** The private key's file is created readable by its owner only, before a byte of the key is in it. */
    private static void createFile(Path file, boolean secret) throws IOException {
        if (secret) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return;
            } catch (UnsupportedOperationException notPosix) {
                // e.g. Windows: a plain file in the user's own directory
            }
        }
        Files.createFile(file);
    }
}
