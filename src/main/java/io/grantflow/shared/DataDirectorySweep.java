package io.grantflow.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Once started: the files H2 and the key store created in the (already 0700) data directory become 0600 too. */
@Component
class DataDirectorySweep {

    private static final Logger log = LoggerFactory.getLogger(DataDirectorySweep.class);

    private final GrantflowProperties properties;

    DataDirectorySweep(GrantflowProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void tighten() {
        if (!Files.isDirectory(properties.dataDir())) {
            return;
        }
        try {
            DataDirectory.secure(properties.dataDir());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot restrict the data directory {} to its owner: {}", properties.dataDir(), e.getMessage());
        }
    }
}
