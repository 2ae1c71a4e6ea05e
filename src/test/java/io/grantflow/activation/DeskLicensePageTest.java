package io.grantflow.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Add new on the desk: the license's seats, the installation's key pasted, the API's rules (request constraints,
 * seats above the pool, a key that is no key) shown on the page with their code and adding nothing, and a good
 * request leading to the new activation's hand-over page.
 */
@GrantflowTest
class DeskLicensePageTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;

    Map<String, String> form(WebappSession operator, String page, EdgeKeyPair key, String seats) throws Exception {
        Map<String, String> fields = new HashMap<>();
        fields.put("_csrf", WebappSession.csrf(operator.page(page)));
        fields.put("installationId", key.id());
        fields.put("installationKey", new ObjectMapper().writeValueAsString(key.publicJwk()));
        fields.put("seats", seats);
        fields.put("expiresOn", LocalDate.ofInstant(fx.now(), ZoneOffset.UTC).plusDays(90).toString());
        return fields;
    }

    @Test
    void anOperatorAddsAnActivationOnTheDeskAndEachRefusalIsShownAndAddsNothing() throws Exception {
        String license = fx.license(10);
        String page = "/desk/licenses/" + license;
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        assertThat(operator.page(page).body()).contains(license, "Add new remote activation", "not going over the seats");
        EdgeKeyPair key = EdgeKeyPair.create("INST-" + UUID.randomUUID().toString().substring(0, 8));
        ActivationFixture.LicenseSnapshot before = fx.snapshot(license);

        Map<String, String> tooMany = form(operator, page, key, "11");
        assertRefusedOnThePage(operator, page, operator.form(page + "/remote-activations", tooMany), "seats-exceed-license");
        Map<String, String> noKey = form(operator, page, key, "3");
        noKey.put("installationKey", "not a key");
        assertRefusedOnThePage(operator, page, operator.form(page + "/remote-activations", noKey), "invalid-key");
        Map<String, String> badId = form(operator, page, key, "3");
        badId.put("installationId", "../etc");
        assertRefusedOnThePage(operator, page, operator.form(page + "/remote-activations", badId), "invalid-request");
        assertThat(fx.snapshot(license)).as("refusals add nothing").isEqualTo(before);

        Http.Response added = operator.form(page + "/remote-activations", form(operator, page, key, "3"));
        assertThat(added.status()).as(added.toString()).isEqualTo(302);
        String location = added.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/desk/activations/RA-");
        Http.Response activation = operator.page(location.substring(location.indexOf("/desk/")));
        assertThat(activation.body()).contains("Added", key.id(), "PENDING", "Download the remote connection token");
        assertThat(fx.licenses.get(license).available()).isEqualTo(7);
    }

    @Test
    void theLicensePageListsItsActivationsEachLinkedAndWarnsOfThoseExpiringWithinThirtyDays() {
        String license = fx.license(30);
        ActivationFixture.Act soon = fx.active(license, 4, fx.now().plus(java.time.Duration.ofDays(10)));
        ActivationFixture.Act later = fx.add(license, 6, fx.now().plus(java.time.Duration.ofDays(200)));
        String other = fx.license(5);
        ActivationFixture.Act elsewhere = fx.add(other, 1, fx.now().plus(java.time.Duration.ofDays(5)));
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");

        String body = operator.page("/desk/licenses/" + license).body();
        assertThat(body).contains("href=\"/desk/activations/" + soon.id() + "\"", "href=\"/desk/activations/" + later.id() + "\"",
                soon.key().id(), later.key().id(), "ACTIVE", "PENDING").doesNotContain(elsewhere.id());
        assertThat(row(body, soon.id())).contains(">4<", "⚠ Expires in 9 days");
        assertThat(row(body, later.id())).contains(">6<").doesNotContain("⚠");
        assertThat(operator.page("/desk/licenses/" + fx.license(5)).body()).contains("No remote activation yet");
    }

    /** The table row of one activation on the license page. */
    private static String row(String body, String activationId) {
        int start = body.indexOf("id=\"activation-" + activationId + "\"");
        assertThat(start).as("row of " + activationId).isPositive();
        return body.substring(start, body.indexOf("</tr>", start));
    }

    static void assertRefusedOnThePage(WebappSession operator, String page, Http.Response answer, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(302);
        assertThat(answer.raw().headers().firstValue("Location")).get().asString().endsWith(page);
        assertThat(operator.page(page).body()).contains("Refused", code);
    }
}
