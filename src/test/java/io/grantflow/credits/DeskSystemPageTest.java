package io.grantflow.credits;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Add credits on the desk's HOME system page, as in the source product: the account's subscriptions with their
 * state (inactive ones listed but not selectable, cancelled ones with their warning), the credits, auto revoke;
 * refusals shown with their code and assigning nothing; the new assignment in the list with its Downloaded column.
 */
@GrantflowTest
class DeskSystemPageTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @Test
    void anOperatorAddsCreditsFromTheSubscriptionListAndRefusalsAssignNothing() {
        String active = f.subscription(40);
        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        String cancelled = f.subscription("ACME", SubscriptionState.CANCELLED, 20, inAYear);
        String inactive = f.subscription("ACME", SubscriptionState.INACTIVE, 20, inAYear);
        EdgeKeyPair system = f.system("ACME");
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/systems/" + system.id();

        Http.Response shown = operator.page(page);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.body()).contains("offline", "No credits assigned yet", active, cancelled, inactive);
        assertThat(Pattern.compile("value=\"" + inactive + "\" disabled").matcher(shown.body()).find())
                .as("an inactive subscription is listed but not selectable").isTrue();
        assertThat(Pattern.compile("value=\"" + active + "\" disabled").matcher(shown.body()).find()).isFalse();
        assertThat(shown.body()).contains("⚠");

        String csrf = WebappSession.csrf(shown);
        assertRefused(operator, page, Map.of("_csrf", csrf, "subscriptionId", active, "credits", "41"), "insufficient-credits");
        assertRefused(operator, page, Map.of("_csrf", csrf, "subscriptionId", inactive, "credits", "1"), "subscription-not-active");
        assertRefused(operator, page, Map.of("_csrf", csrf, "subscriptionId", active, "credits", "many"), "invalid-request");
        assertThat(f.available(active)).isEqualTo(40);
        assertThat(operator.page(page).body()).contains("No credits assigned yet");

        Http.Response added = operator.form(page + "/credit-assignments", Map.of("_csrf", csrf, "subscriptionId", active, "credits", "12"));
        assertThat(added.status()).isEqualTo(302);
        String location = added.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/desk/credit-assignments/CA-");
        assertThat(operator.page(location.substring(location.indexOf("/desk/"))).body()).contains("Credits added", "ASSIGNED", "off (permanent)");
        assertThat(f.available(active)).isEqualTo(28);
        assertThat(operator.page(page).body()).contains(active, "12", "ASSIGNED").doesNotContain("No credits assigned yet");
    }

    @Test
    void anOperatorLinksAHomeSystemOnTheSystemsPageAndRefusalsLinkNothing() throws Exception {
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/accounts/ACME/systems";
        Http.Response shown = operator.page(page);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        String csrf = WebappSession.csrf(shown);
        String key = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(EdgeKeyPair.create("x").publicJwk());
        String label = "Desk HOME " + java.util.UUID.randomUUID();
        int before = f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_system", Integer.class);

        operator.form(page, Map.of("_csrf", csrf, "label", label, "systemKey", "no key"));
        assertThat(operator.page(page).body()).contains("Refused", "invalid-key");
        operator.form(page, Map.of("_csrf", csrf, "label", "", "systemKey", key));
        assertThat(operator.page(page).body()).contains("Refused", "invalid-request");
        // a label that hides characters (a zero width space, a line separator) is refused as at the API
        for (String hidden : java.util.List.of("Desk\u200bHOME", "Desk\u2028HOME")) {
            operator.form(page, Map.of("_csrf", csrf, "label", hidden, "systemKey", key));
            assertThat(operator.page(page).body()).contains("Refused", "invalid-request", "label");
        }
        operator.form("/desk/accounts/NO-SUCH-ACCOUNT/systems", Map.of("_csrf", csrf, "label", label, "systemKey", key));
        assertThat(operator.page("/desk/accounts/NO-SUCH-ACCOUNT/systems").body()).contains("Refused", "not-found");
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_system", Integer.class)).as("refusals link nothing").isEqualTo(before);

        Http.Response linked = operator.form(page, Map.of("_csrf", csrf, "label", label, "systemKey", key));
        assertThat(linked.status()).isEqualTo(302);
        String location = linked.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/desk/systems/SYS-");
        assertThat(operator.page(location.substring(location.indexOf("/desk/"))).body()).contains("Linked", label, "offline");
        assertThat(operator.page(page).body()).contains(label, "○ offline");
    }

    static void assertRefused(WebappSession operator, String page, Map<String, String> fields, String code) {
        Http.Response r = operator.form(page + "/credit-assignments", fields);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        assertThat(r.raw().headers().firstValue("Location")).get().asString().endsWith(page);
        assertThat(operator.page(page).body()).contains("Refused", code);
    }
}
