package io.grantflow.credits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings of the credits feature under {@code grantflow.credits.*}. */
@ConfigurationProperties("grantflow.credits")
record CreditsProperties(
        /** The most credits one assignment may carry; a typo of a few zeros is refused, not reserved. */
        @DefaultValue("1000000") long maxCreditsPerAssignment,
        /** How long a revoke waits for an online system's revoke key before an operator is asked for it. */
        @DefaultValue("PT24H") Duration revokeSystemTimeout) {
}
