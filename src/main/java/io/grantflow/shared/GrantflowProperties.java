package io.grantflow.shared;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code grantflow.*}; see the configuration table in docs/operations.md. */
@ConfigurationProperties("grantflow")
public record GrantflowProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("grantflow") String issuer,
        @DefaultValue("true") boolean demo,
        @DefaultValue("PT5M") Duration onlineWindow,
        @DefaultValue("P14D") Duration receiptFollowUp,
        @DefaultValue("P30D") Duration expiryWarningBefore,
        @DefaultValue Keys keys,
        @DefaultValue Tokens tokens) {

    /** Where Grantflow's signing keys live: a file under the data dir, or the database (clusters). */
    public record Keys(
            @DefaultValue("file") String store,
            /** Base64 of 32 bytes; seals private keys in the database store. */
            String encryptionKey) {
    }

    public record Tokens(
            @DefaultValue("PT24H") Duration updateTokenTtl,
            @DefaultValue("P30D") Duration connectionTokenTtl,
            @DefaultValue("P365D") Duration creditFileTtl,
            @DefaultValue("PT10M") Duration callinMaxTtl,
            @DefaultValue("PT60S") Duration leeway,
            @DefaultValue("8192") int maxTokenBytes) {
    }
}
