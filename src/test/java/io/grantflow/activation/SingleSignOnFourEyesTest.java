package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.Http;
import io.grantflow.support.SingleSignOnContext;
import io.grantflow.support.WebappSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Four-eyes holds for people of the identity provider: a person who configured a seat reduction and then renamed
 * themselves at the provider (same {@code sub}) is still the configurer, and is refused the confirmation in Tasklist;
 * another person of the provider confirms it.
 */
class SingleSignOnFourEyesTest extends SingleSignOnContext {

    private static final String APPROVE = "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}";

    @LocalServerPort
    int port;
    @Autowired
    EngineDoorFixture doors;

    @Test
    void aRenamedPersonIsStillTheConfigurerAndCannotConfirmTheirOwnReduction() {
        EngineDoorFixture.Scene s = doors.scene();
        PROVIDER.addPerson("rita", List.of("licensing-desk"));
        WebappSession rita = WebappSession.throughProvider(port, ENGINE, PROVIDER, "rita");
        Http.Response configured = rita.engine("POST", "/task/" + s.taskId() + "/submit-form",
                "{\"variables\":{\"newSeats\":{\"value\":4,\"type\":\"Long\"},\"newExpiresAt\":{\"value\":\"\",\"type\":\"String\"}}}");
        assertThat(configured.status()).as(configured.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        String confirm = doors.fx.task(s.updatePi(), ActivationProcesses.Update.CONFIRM_REDUCTION).getId();
        String configurer = doors.fx.updates.get(s.updateId()).configuredBy();
        assertThat(configurer).isEqualTo(rita.who().json().path("userId").asText());

        PROVIDER.idTokenClaims("rita", Map.of("preferred_username", "rita.renamed"));
        WebappSession renamed = WebappSession.throughProvider(port, ENGINE, PROVIDER, "rita");
        assertThat(renamed.who().json().path("userId").asText()).isEqualTo(configurer);
        for (Http.Response r : List.of(renamed.engine("POST", "/task/" + confirm + "/claim", "{\"userId\":\"" + configurer + "\"}"),
                renamed.engine("POST", "/task/" + confirm + "/submit-form", APPROVE))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("four-eyes");
        }
        assertThat(doors.fx.updates.get(s.updateId()).approvedBy()).isNull();
        assertThat(doors.fx.updates.get(s.updateId()).status()).isEqualTo(UpdateStatus.AWAITING_REDUCTION_APPROVAL);

        WebappSession oscar = WebappSession.throughProvider(port, ENGINE, PROVIDER, "oscar");
        Http.Response approved = oscar.engine("POST", "/task/" + confirm + "/submit-form", APPROVE);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(204);
        doors.fx.runJobs(s.updatePi());
        assertThat(doors.fx.updates.get(s.updateId()).approvedBy()).isEqualTo(oscar.who().json().path("userId").asText())
                .isNotEqualTo(configurer);
        assertThat(doors.fx.updates.get(s.updateId()).status()).isEqualTo(UpdateStatus.CONNECTION_TOKEN_READY);
    }
}
