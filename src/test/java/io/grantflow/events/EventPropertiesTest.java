package io.grantflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventPropertiesTest {

    @Test
    void eventsAreKeptThirtyDaysUnlessLongerIsAsked() {
        assertThat(new EventProperties(null, null).retention()).isEqualTo(Duration.ofDays(30));
        assertThat(new EventProperties(Duration.ofDays(90), null).retention()).isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> new EventProperties(Duration.ofDays(29), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 30 days");
    }
}
