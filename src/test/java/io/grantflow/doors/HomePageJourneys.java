package io.grantflow.doors;

import static io.grantflow.doors.AccountIsolation.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * The home page at {@code /} over HTTP, signed in through the sign-in page: ACME's admin sees ACME's licenses, what
 * waits (an activation near its expiry, credits waiting for a revoke key), GLOBEX's admin sees GLOBEX's and none of
 * ACME's ids, the vendor's operator sees both accounts, each row naming its own, and the open tasks. Shared by the H2
 * and PostgreSQL tests.
 */
interface HomePageJourneys {

    DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    int port();

    String engine();

    String adminPassword();

    ApplicationContext context();

    private AccountIsolation isolation() {
        return new AccountIsolation(port(), engine(), adminPassword(), context());
    }

    private WebappSession signIn(String user) {
        return WebappSession.signIn(port(), engine(), user);
    }

    @Test
    default void eachPersonSeesTheirOwnAccountAndTheVendorEveryAccount() {
        AccountIsolation s = isolation();
        s.acmePools();
        s.addActivation();
        s.linkSystem();
        s.assign();
        s.downloadCreditFile();
        s.revoke();
        // soonest first on the page: other tests' activations of ACME expire later than this one
        Instant soon = s.now().plus(Duration.ofDays(2)).plus(Duration.ofHours(2));
        Map<String, Object> body = AccountIsolation.addBody(EdgeKeyPair.create("INST-SOON-" + UUID.randomUUID()));
        body.put("expiresAt", soon.toString());
        String expiring = ok(s.acme().postJson("/api/v1/licenses/" + s.license + "/remote-activations", body)).json()
                .path("activationId").asText();
        s.drain();
        String globexLicense = "LIC-GLOBEX-" + UUID.randomUUID();
        context().getBean(org.springframework.transaction.support.TransactionTemplate.class).executeWithoutResult(t ->
                context().getBean(io.grantflow.activation.Licenses.class).create(globexLicense, "GLOBEX", 5, s.now().plus(Duration.ofDays(365)), "test"));
        Http globexAdmin = s.http().as("globex-admin");
        String globexSystem = ok(globexAdmin.postJson("/api/v1/systems", Map.of("accountId", "GLOBEX", "label", "GLOBEX HOME",
                "systemKey", EdgeKeyPair.create("pending").publicJwk()))).json().path("systemId").asText();
        String warning = "Expires in 2 days (on " + DAY.format(soon) + "): ask for an update.";

        String acme = home(signIn("acme-admin"));
        assertThat(acme).contains("Signed in as <strong>acme-admin</strong>", "ACME Printing Ltd. (ACME)",
                "href=\"/desk/licenses/" + s.license + "\"", "href=\"/desk/activations/" + expiring + "\"", warning,
                "href=\"/desk/credit-assignments/" + s.assignment + "\"", "Enter the revoke key of ACME HOME",
                "href=\"/desk/accounts/ACME/systems\"");
        assertThat(acme).as("an activation far from its expiry waits for nobody").doesNotContain("/desk/activations/" + s.activation);
        assertThat(acme).as("ACME's admin sees nothing of GLOBEX's")
                .doesNotContain("LIC-GLOBEX", globexLicense, globexSystem, "GLOBEX", "open task");

        String globex = home(signIn("globex-admin"));
        assertThat(globex).contains("Globex Corporation (GLOBEX)", "href=\"/desk/licenses/" + globexLicense + "\"",
                "href=\"/desk/systems/" + globexSystem + "\"", "href=\"/desk/accounts/GLOBEX/systems\"");
        assertThat(globex).as("GLOBEX's admin sees none of ACME's ids")
                .doesNotContain("LIC-DEMO", s.license, s.activation, expiring, s.system, s.assignment, "ACME", "ask for an update");

        String operator = home(signIn("operator"));
        // the newest licenses first: GLOBEX's just made, then ACME's; each expiring activation names its account
        assertThat(operator).contains("for the vendor: you see every account", "href=\"/desk/licenses/" + s.license + "\"",
                "href=\"/desk/licenses/" + globexLicense + "\"", "<td>GLOBEX</td>", "<td>ACME</td>", "<th scope=\"col\">Account</th>",
                "(account <span>", "open task", "href=\"/camunda/app/tasklist/default/\"");
    }

    @Test
    default void someoneTheDeskDoesNotServeIsShownWhereTheirWorkIs() {
        String auditor = home(signIn("auditor"));
        assertThat(auditor).contains("Signed in as <strong>auditor</strong>", "Your work is not on the desk", "href=\"/audit\"")
                .doesNotContain("/desk/licenses/", "/desk/systems/", "Waiting for you");
    }

    @Test
    default void aCustomerViewerIsPointedToTheApi() {
        String viewer = "globex-viewer-" + UUID.randomUUID();
        org.camunda.bpm.engine.IdentityService identity = context().getBean(org.camunda.bpm.engine.IdentityService.class);
        org.camunda.bpm.engine.identity.User user = identity.newUser(viewer);
        user.setPassword(viewer);
        identity.saveUser(user);
        identity.createMembership(viewer, io.grantflow.account.AccountRoles.CUSTOMER_VIEWER);
        context().getBean(io.grantflow.account.AccountMembers.class).join(viewer, "GLOBEX");

        String page = home(signIn(viewer));
        assertThat(page).contains("Globex Corporation (GLOBEX)", "through Grantflow's API")
                .doesNotContain("/desk/licenses/", "/desk/systems/", "/desk/accounts/", "Waiting for you", "ACME");
    }

    @Test
    default void theActivationPageWarnsInWordsWithinThirtyDaysOfItsExpiry() {
        AccountIsolation s = isolation();
        s.acmePools();
        s.addActivation();
        Instant soon = s.now().plus(Duration.ofDays(3)).plus(Duration.ofHours(2));
        Map<String, Object> body = AccountIsolation.addBody(EdgeKeyPair.create("INST-SOON-" + UUID.randomUUID()));
        body.put("expiresAt", soon.toString());
        String expiring = ok(s.acme().postJson("/api/v1/licenses/" + s.license + "/remote-activations", body)).json()
                .path("activationId").asText();
        s.drain();
        WebappSession acme = signIn("acme-admin");

        assertThat(ok(acme.page("/desk/activations/" + expiring)).body())
                .contains("⚠ Expires in 3 days (on " + DAY.format(soon) + "): ask for an update.", "in 3 days, on " + DAY.format(soon));
        assertThat(ok(acme.page("/desk/activations/" + s.activation)).body())
                .contains("in 199 days, on ").doesNotContain("ask for an update");
    }

    @Test
    default void signingInReturnsToThePageAskedFor() {
        for (String asked : new String[] {"/desk/licenses/LIC-DEMO", "/"}) {
            WebappSession browser = WebappSession.signedOut(port(), engine());
            Http.Response refused = browser.page(asked);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(302);
            assertThat(refused.raw().headers().firstValue("Location")).get().asString().endsWith("/sign-in");

            Http.Response wrong = browser.signInAs("acme-admin", "not-the-password");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).contains("The user name or the password is not right.");

            Http.Response signedIn = browser.signInAs("acme-admin", "acme-admin");
            assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
            assertThat(java.net.URI.create(signedIn.raw().headers().firstValue("Location").orElseThrow()).getPath())
                    .as("back to the page asked for").isEqualTo(asked);
            Http.Response page = browser.page(asked);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.body()).contains(asked.equals("/") ? "Signed in as <strong>acme-admin</strong>" : "LIC-DEMO");
        }
    }

    @Test
    default void aSignInWithoutAPageAskedForGoesHomeAndTheWebappsShareIt() {
        WebappSession acme = signIn("acme-admin");
        Http.Response who = acme.whoAtTheWebapps();
        assertThat(who.status()).as("the same session signs in the webapps: " + who).isEqualTo(200);
        assertThat(who.body()).contains("\"userId\":\"acme-admin\"");
        WebappSession operator = signIn("operator");
        assertThat(operator.whoAtTheWebapps().status()).isEqualTo(200);
        assertThat(operator.engine("GET", "/task/count", null).status()).as("Tasklist's engine API in the same session").isEqualTo(200);
    }

    @Test
    default void theSignInPageCountsFailuresLikeTheWebappsLogin() {
        String guessed = "nobody-" + UUID.randomUUID();
        WebappSession guesser = WebappSession.signedOut(port(), engine());
        Http.Response last = null;
        for (int attempt = 0; attempt < 11; attempt++) {
            last = guesser.signInAs(guessed, "guess-" + attempt);
        }
        assertThat(last.status()).as(last.toString()).isEqualTo(429);
        assertThat(last.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("Too many failed sign-ins: try again in");
    }

    private static String home(WebappSession session) {
        Http.Response page = session.page("/");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        return page.body();
    }
}
