package io.grantflow.tokens;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The embedded default: one JSON file under the data dir, readable by its owner only, replaced atomically. */
class FileSigningKeyStore implements SigningKeyStore {

    private final Path file;

    FileSigningKeyStore(Path dataDir) {
        this.file = dataDir.resolve("keys").resolve("signing-keys.json");
    }

    @Override
    public synchronized List<StoredKey> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Map<String, Object> root = JSONObjectUtils.parse(Files.readString(file));
            List<StoredKey> keys = new ArrayList<>();
            for (Object entry : JSONObjectUtils.getJSONArray(root, "keys")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = (Map<String, Object>) entry;
                ECKey key = ECKey.parse(JSONObjectUtils.getJSONObject(row, "jwk"));
                Object retired = row.get("retiredAt");
                keys.add(new StoredKey(key, Instant.parse((String) row.get("createdAt")),
                        retired == null ? null : Instant.parse((String) retired)));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key store " + file, e);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalStateException("The signing key store " + file + " is damaged", e);
        }
    }

    @Override
    public synchronized void add(StoredKey key) {
        List<StoredKey> keys = new ArrayList<>(load());
        keys.add(key);
        write(keys);
    }

    @Override
    public synchronized void retire(String kid, Instant at) {
        write(load().stream()
                .map(k -> k.key().getKeyID().equals(kid) && k.retiredAt() == null ? new StoredKey(k.key(), k.createdAt(), at) : k)
                .toList());
    }

    private void write(List<StoredKey> keys) {
        List<Object> rows = new ArrayList<>();
        for (StoredKey k : keys) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("jwk", k.key().toJSONObject());
            row.put("createdAt", k.createdAt().toString());
            if (k.retiredAt() != null) {
                row.put("retiredAt", k.retiredAt().toString());
            }
            rows.add(row);
        }
        try {
            Files.createDirectories(file.getParent());
            restrict(file.getParent(), "rwx------");
            Path tmp = Files.createTempFile(file.getParent(), "signing-keys", ".tmp");
            restrict(tmp, "rw-------");
            Files.writeString(tmp, JSONObjectUtils.toJSONString(Map.of("keys", rows)), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the signing key store " + file, e);
        }
    }

    /** Owner only: the keys' directory 0700, the file 0600. */
    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data dir's own permissions apply.
        }
    }
}
