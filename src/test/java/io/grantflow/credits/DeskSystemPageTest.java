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
 * The desk's HOME system page and its Add Credits dialog, as in the source product: step 1 the account's
 * subscriptions with their state in words (inactive ones listed but not selectable, cancelled ones with their warning
 * in words), step 2 the credits bounded by those remaining and Auto Revoke as an option; refusals shown in words with
 * their code and assigning nothing; back on the system with the new assignment listed. Another account's system
 * answers 404 to a customer.
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
    void anOperatorAddsCreditsThroughTheDialogAndRefusalsAssignNothing() {
        String active = f.subscription(40);
        Instant inAYear = Instant.now().plus(Duration.ofDays(365));
        String cancelled = f.subscription("ACME", SubscriptionState.CANCELLED, 20, inAYear);
        String inactive = f.subscription("ACME", SubscriptionState.INACTIVE, 20, inAYear);
        EdgeKeyPair system = f.system("ACME");
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/systems/" + system.id();

        Http.Response shown = operator.page(page);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.body()).contains("Offline", "No credits assigned yet", "&lt; Systems", "href=\"/desk/accounts/ACME/systems\"",
                "href=\"" + page + "/add-credits\"");

        // step 1: the account's subscriptions as radio buttons, the cancelled one's warning in words
        Http.Response step1 = operator.page(page + "/add-credits");
        assertThat(step1.status()).as(step1.toString()).isEqualTo(200);
        assertThat(step1.body()).contains("Add Credits", "Step 1 of 2", active, cancelled, inactive, "Annual (Active)",
                "Annual (Cancelled)", "Annual (Inactive)", "⚠ Cancelled: its credits stay usable until")
                .doesNotContain("subscription-cancelled", "(CANCELLED)", "(INACTIVE)", "· CANCELLED");
        assertThat(Pattern.compile("value=\"" + inactive + "\"\\s+disabled").matcher(step1.body()).find())
                .as("an inactive subscription is listed but not selectable").isTrue();
        assertThat(Pattern.compile("value=\"" + active + "\"\\s+disabled").matcher(step1.body()).find()).isFalse();

        // Next: step 2 with the credits remaining and a number bounded by them; an inactive one stays on step 1, said why
        Http.Response step2 = operator.page(page + "/add-credits/credits?subscriptionId=" + active);
        assertThat(step2.body()).contains("Step 2 of 2", "40 of 40", "max=\"40\"", "min=\"1\"", "Auto Revoke");
        assertThat(operator.page(page + "/add-credits/credits?subscriptionId=" + inactive).body())
                .contains("Step 1 of 2", "Refused:", "The subscription is not active.", "subscription-not-active");
        assertThat(operator.page(page + "/add-credits/credits").body()).contains("Step 1 of 2", "Choose a subscription");

        String csrf = WebappSession.csrf(step2);
        assertRefused(operator, page, active, Map.of("_csrf", csrf, "subscriptionId", active, "credits", "41"), "insufficient-credits");
        assertRefused(operator, page, inactive, Map.of("_csrf", csrf, "subscriptionId", inactive, "credits", "1"), "subscription-not-active");
        assertRefused(operator, page, active, Map.of("_csrf", csrf, "subscriptionId", active, "credits", "many"), "invalid-request");
        assertRefused(operator, page, active, Map.of("_csrf", csrf, "subscriptionId", active, "credits", "2", "autoRevoke", "on"),
                "invalid-request");
        // a day after the subscription's end: said with the dialog's words and the end as a date in words
        String afterTheEnd = java.time.LocalDate.ofInstant(f.clock.instant(), java.time.ZoneOffset.UTC).plusDays(400).toString();
        assertRefused(operator, page, active, Map.of("_csrf", csrf, "subscriptionId", active, "credits", "2", "autoRevoke", "on",
                "autoRevokeOn", afterTheEnd), "invalid-request");
        assertThat(operator.page(page + "/add-credits/credits?subscriptionId=" + active).body()).as("the refusal was shown once")
                .doesNotContain("Refused");
        operator.form(page + "/credit-assignments", Map.of("_csrf", csrf, "subscriptionId", active, "credits", "2", "autoRevoke", "on",
                "autoRevokeOn", afterTheEnd));
        assertThat(operator.page(page + "/add-credits/credits?subscriptionId=" + active).body())
                .contains("Auto Revoke: must not be after the subscription&#39;s end", " UTC", "value=\"" + afterTheEnd + "\"", "checked")
                .doesNotContain("autoRevokeAt");
        assertThat(operator.page(page).body()).contains("No credits assigned yet");
        assertThat(f.available(active)).isEqualTo(40);

        // Add Credits: back on the system, the new credits listed and marked
        Http.Response added = operator.form(page + "/credit-assignments", Map.of("_csrf", csrf, "subscriptionId", active, "credits", "12"));
        assertThat(added.status()).isEqualTo(302);
        assertThat(added.raw().headers().firstValue("Location")).get().asString().endsWith(page);
        Http.Response after = operator.page(page);
        assertThat(after.body()).contains("Added 12 credits from Annual (Active)", "12", "Assigned", "class=\"new\"")
                .doesNotContain("No credits assigned yet", "ASSIGNED");
        assertThat(f.available(active)).isEqualTo(28);

        // Auto Revoke with its day; the cancelled subscription's warning comes with the answer, in words
        String day = java.time.LocalDate.ofInstant(f.clock.instant(), java.time.ZoneOffset.UTC).plusDays(10).toString();
        operator.form(page + "/credit-assignments", Map.of("_csrf", csrf, "subscriptionId", cancelled, "credits", "3",
                "autoRevoke", "on", "autoRevokeOn", day));
        Http.Response temporary = operator.page(page);
        assertThat(temporary.body()).contains("Added 3 credits from Annual (Cancelled)", "revoked automatically on",
                "Cancelled: its credits stay usable until").doesNotContain("subscription-cancelled");
        assertThat(f.available(cancelled)).isEqualTo(17);
    }

    @Test
    void aCustomerSeesItsOwnAccountsSystemsAndAnotherAccountsAnswerAsMissing() {
        EdgeKeyPair acme = f.system("ACME");
        String subscription = f.subscription(10);
        WebappSession acmeAdmin = WebappSession.login(port, "welcome", "acme-admin", "acme-admin");
        assertThat(acmeAdmin.page("/desk/accounts/ACME/systems").body()).contains(acme.id());
        assertThat(acmeAdmin.page("/desk/systems/" + acme.id() + "/add-credits").body()).contains(subscription).doesNotContain("SUB-GLOBEX");
        assertThat(acmeAdmin.page("/desk/accounts/GLOBEX/systems").status()).isEqualTo(404);

        WebappSession globex = WebappSession.login(port, "welcome", "globex-admin", "globex-admin");
        String page = "/desk/systems/" + acme.id();
        for (String path : java.util.List.of("/desk/accounts/ACME/systems", page, page + "/add-credits",
                page + "/add-credits/credits?subscriptionId=" + subscription)) {
            Http.Response answer = globex.page(path);
            assertThat(answer.status()).as(path + ": " + answer).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("Test system");
        }
        Http.Response own = globex.page("/desk/accounts/GLOBEX/systems");
        assertThat(own.status()).isEqualTo(200);
        Http.Response post = globex.form(page + "/credit-assignments", Map.of("_csrf", WebappSession.csrf(own),
                "subscriptionId", subscription, "credits", "1"));
        assertThat(post.status()).as(post.toString()).isEqualTo(404);
        assertThat(f.available(subscription)).isEqualTo(10);
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
        assertThat(operator.page("/desk/accounts/NO-SUCH-ACCOUNT/systems").status()).as("no such account, no page").isEqualTo(404);
        assertThat(f.jdbc.queryForObject("SELECT COUNT(*) FROM gf_system", Integer.class)).as("refusals link nothing").isEqualTo(before);

        Http.Response linked = operator.form(page, Map.of("_csrf", csrf, "label", label, "systemKey", key));
        assertThat(linked.status()).isEqualTo(302);
        String location = linked.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/desk/systems/SYS-");
        assertThat(operator.page(location.substring(location.indexOf("/desk/"))).body()).contains("Linked", label, "Offline");
        assertThat(operator.page(page).body()).contains(label, "○ Offline");
    }

    /** Refused: back on the dialog's step 2 (or step 1, for a subscription that cannot be chosen), said in words with the code. */
    static void assertRefused(WebappSession operator, String page, String subscription, Map<String, String> fields, String code) {
        Http.Response r = operator.form(page + "/credit-assignments", fields);
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        String step2 = page + "/add-credits/credits?subscriptionId=" + subscription;
        assertThat(r.raw().headers().firstValue("Location")).get().asString().endsWith(step2);
        assertThat(operator.page(step2).body()).contains("Refused:", code);
    }
}
