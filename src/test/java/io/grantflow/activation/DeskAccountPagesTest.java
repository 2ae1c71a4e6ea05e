package io.grantflow.activation;

import static io.grantflow.support.WebappSession.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.activation.ActivationFixture.Act;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The remote-activation journey's pages over HTTP, as ACME's admins use them: Account information, Manage Activations,
 * Add new, Update Remote Activation, Configure Remote Activation (Save, the reduction's warning, the second person's
 * approval), the connection token and Disconnect. Each refusal is shown on its page in words with its code, and
 * changes nothing; GLOBEX's admin finds none of ACME's pages.
 */
@GrantflowTest
class DeskAccountPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    ActivationFixture fx;

    WebappSession signIn(String user) {
        return WebappSession.login(port, user.startsWith("acme") ? "welcome" : "tasklist", user, user);
    }

    @Test
    void theAccountPageShowsItsLicensesAndRemoteActivationsAndLeadsToManageActivations() {
        String license = fx.license(20);
        Act soon = fx.active(license, 2, fx.now().plus(Duration.ofDays(12).plusHours(1)));
        Act later = fx.active(license, 3);
        WebappSession acme = signIn("acme-admin");

        Http.Response account = acme.page("/desk/accounts/ACME");
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        assertThat(account.body()).contains("Account information", "Remote Activations", "Manage Activations", license, "15 of 20")
                .as("no link into the vendor's Tasklist for a customer").doesNotContain("/camunda/app/tasklist/");

        Http.Response list = acme.page("/desk/accounts/ACME/activations?license=" + license);
        assertThat(list.status()).isEqualTo(200);
        String soonRow = row(list.body(), soon.id());
        assertThat(soonRow).contains(soon.key().id(), "Active", "(ACTIVE)", ">2<", "in 12 days, on " + day(soon),
                "⚠ Expires in 12 days", "ask for an update", "/desk/activations/" + soon.id() + "/update",
                "/desk/activations/" + soon.id() + "/disconnect").doesNotContain("T00:00:00Z");
        assertThat(row(list.body(), later.id())).contains("Active", ">3<").doesNotContain("⚠");
        assertThat(list.body()).contains("Add new");
    }

    @Test
    void anotherAccountsPagesAnswerAsMissingOnesAndTheVendorsStaffSeeEveryAccount() {
        WebappSession acme = signIn("acme-admin");
        for (String path : new String[] {"/desk/accounts/GLOBEX", "/desk/accounts/GLOBEX/activations",
                "/desk/accounts/GLOBEX/activations/new", "/desk/accounts/ACME/activations?license=LIC-GLOBEX"}) {
            Http.Response r = acme.page(path);
            assertThat(r.status()).as(path + ": " + r).isEqualTo(404);
            assertThat(r.body()).as(path).contains("not-found");
        }
        Http.Response r = acme.form("/desk/accounts/GLOBEX/activations", Map.of("_csrf", csrf(acme.page("/desk/accounts/ACME/activations/new")),
                "license", "LIC-GLOBEX", "installationId", "X", "seats", "1"));
        assertThat(r.status()).as(r.toString()).isEqualTo(404);

        WebappSession operator = signIn("operator");
        assertThat(operator.page("/desk/accounts/GLOBEX").body()).contains("Globex Corporation", "LIC-GLOBEX", "/camunda/app/tasklist/");
    }

    @Test
    void addNewOverTheLicenseIsRefusedOnTheFormWithWhatWasTypedAndAFittingOneLeadsToItsToken() {
        String license = fx.license(5);
        WebappSession acme = signIn("acme-admin");
        Http.Response form = acme.page("/desk/accounts/ACME/activations/new?license=" + license);
        assertThat(form.body()).contains("Add new remote activation", license + " · 5 of 5 seats available");
        ActivationFixture.LicenseSnapshot before = fx.snapshot(license);
        var key = io.grantflow.support.EdgeKeyPair.create("PLANT-" + java.util.UUID.randomUUID());
        String jwk = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(key.publicJwk()).toString();
        String expiresOn = LocalDate.ofInstant(fx.now(), ZoneOffset.UTC).plusDays(90).toString();

        Http.Response refused = acme.form("/desk/accounts/ACME/activations", Map.of("_csrf", csrf(form), "license", license,
                "installationId", key.id(), "installationKey", jwk, "seats", "6", "expiresOn", expiresOn));
        assertThat(refused.raw().headers().firstValue("Location")).get().asString().endsWith("/desk/accounts/ACME/activations/new");
        Http.Response shown = acme.page("/desk/accounts/ACME/activations/new");
        assertThat(shown.body()).contains("Refused:", "6 more seats requested, the license has 5 available", "seats-exceed-license",
                "value=\"" + key.id() + "\"");
        assertThat(fx.snapshot(license)).as("a refusal adds nothing").isEqualTo(before);

        Http.Response added = acme.form("/desk/accounts/ACME/activations", Map.of("_csrf", csrf(form), "license", license,
                "installationId", key.id(), "installationKey", jwk, "seats", "4", "expiresOn", expiresOn));
        String location = added.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/desk/activations/RA-");
        Http.Response page = acme.page(location.substring(location.indexOf("/desk/")));
        assertThat(page.body()).contains("Added", "Remote connection token", "Download the remote connection token",
                "Waiting for the installation to apply its connection token");
        assertThat(fx.licenses.get(license).available()).isEqualTo(1);
    }

    @Test
    void aReductionIsWarnedThenSavedThenApprovedByASecondAdminInThePortalAndTheOldTokenIsHeldBackMeanwhile() throws Exception {
        String license = fx.license(30);
        Act act = fx.active(license, 10);
        WebappSession acme = signIn("acme-admin");
        String activationPage = "/desk/activations/" + act.id();
        Http.Response form = acme.page(activationPage + "/update");
        acme.form(activationPage + "/updates", Map.of("_csrf", csrf(form), "updateToken", fx.updateToken(act).sign()));
        ActivationUpdate update = fx.updates.get(fx.activations.get(act.id()).pendingUpdateId());
        fx.runJobs(update.processInstanceId());
        String page = "/desk/updates/" + update.id();

        // while the update waits, the old connection token is not handed out
        assertThat(acme.page(activationPage).body()).contains("token-held-back").doesNotContain("download-connection-token");
        assertThat(acme.page(activationPage + "/connection-token").status()).isEqualTo(409);
        assertThat(acme.page(activationPage + "/connection-token.png").status()).isEqualTo(409);

        Http.Response configure = acme.page(page);
        assertThat(configure.body()).contains("Configure Remote Activation", "Current seats", "Available on the license",
                "id=\"current-seats\">10<", "id=\"available-seats\">20<", "reduction-warning", "Save");

        // over the license: refused in place, in words, the task still waiting
        acme.form(page + "/seats", Map.of("_csrf", csrf(configure), "seats", "31"));
        assertThat(acme.page(page).body()).contains("Refused:", "21 more seats requested, the license has 20 available",
                "seats-exceed-license", "value=\"31\"");
        assertThat(fx.task(update.processInstanceId(), ActivationProcesses.Update.CONFIGURE_SEATS)).isNotNull();
        assertThat(fx.updates.get(update.id()).requestedSeats()).isNull();

        // fewer seats, not confirmed: the warning comes back, nothing is completed
        acme.form(page + "/seats", Map.of("_csrf", csrf(configure), "seats", "4"));
        Http.Response warned = acme.page(page);
        assertThat(warned.body()).contains("Fewer seats than the installation has now", "(6 seats)", "value=\"4\"");
        assertThat(warned.body()).doesNotContain("id=\"reduction-warning\" class=\"warning\" role=\"alert\" hidden");
        assertThat(fx.task(update.processInstanceId(), ActivationProcesses.Update.CONFIGURE_SEATS)).isNotNull();

        // confirmed: Save completes the engine's task as acme-admin
        acme.form(page + "/seats", Map.of("_csrf", csrf(warned), "seats", "4", "reductionConfirmed", "yes"));
        assertThat(acme.page(page).body()).contains("Saved 4 seats", "second person");
        fx.runJobs(update.processInstanceId());
        assertThat(fx.updates.get(update.id()).configuredBy()).isEqualTo("acme-admin");
        assertThat(fx.updates.get(update.id()).status()).isEqualTo(UpdateStatus.AWAITING_REDUCTION_APPROVAL);
        Http.Response waiting = acme.page(page);
        assertThat(waiting.body()).contains("Waiting for a second person to approve the reduction", "awaiting-approval")
                .doesNotContain("approve-reduction");

        // the configurer's own approval is refused by four-eyes, nothing changes
        acme.form(page + "/approval", Map.of("_csrf", csrf(configure), "approved", "yes"));
        assertThat(acme.page(page).body()).contains("Refused:", "four-eyes");
        assertThat(fx.updates.get(update.id()).approvedBy()).isNull();

        // the second admin finds it on Manage Activations and approves it
        WebappSession second = signIn("acme-admin2");
        Http.Response list = second.page("/desk/accounts/ACME/activations?license=" + license);
        assertThat(row(list.body(), act.id())).contains("Approve the reduction", "/desk/updates/" + update.id());
        assertThat(second.page("/desk/accounts/ACME").body()).contains("approvals-waiting");
        Http.Response approval = second.page(page);
        assertThat(approval.body()).contains("approve-reduction", "acme-admin reduces the installation from 10 to 4 seats");
        second.form(page + "/approval", Map.of("_csrf", csrf(approval), "approved", "yes"));
        assertThat(second.page(page).body()).contains("Reduction approved");
        fx.runJobs(update.processInstanceId());
        assertThat(fx.updates.get(update.id()).approvedBy()).isEqualTo("acme-admin2");

        Http.Response ready = second.page(page);
        assertThat(ready.body()).contains("Remote Connection Token", "download-connection-token", "Show the QR code");
        Http.Response token = acme.page(activationPage + "/connection-token");
        assertThat(token.status()).isEqualTo(200);
        assertThat(com.nimbusds.jwt.SignedJWT.parse(token.body()).getJWTClaimsSet().getLongClaim("seats")).isEqualTo(4);
        assertThat(fx.licenses.get(license).inFlight()).isEqualTo(6);
    }

    @Test
    void anIncreaseIsSavedWithoutApprovalAndARefusedReductionKeepsTheSeats() throws Exception {
        String license = fx.license(30);
        Act grow = fx.active(license, 4);
        Act shrink = fx.active(license, 8);
        WebappSession acme = signIn("acme-admin");
        String csrf = csrf(acme.page("/desk/activations/" + grow.id() + "/update"));

        String page = startUpdate(acme, csrf, grow);
        acme.form(page + "/seats", Map.of("_csrf", csrf, "seats", ""));
        assertThat(acme.page(page).body()).contains("Refused:", "Enter the new number of seats", "invalid-request");
        acme.form(page + "/seats", Map.of("_csrf", csrf, "seats", "6"));
        assertThat(acme.page(page).body()).contains("Saved 6 seats").doesNotContain("second person");
        fx.runJobs(fx.updates.get(page.substring(page.lastIndexOf('/') + 1)).processInstanceId());
        assertThat(acme.page(page).body()).contains("Saved: the new connection token is ready", "download-connection-token");
        assertThat(fx.activations.get(grow.id()).seats()).isEqualTo(6);

        String reduction = startUpdate(acme, csrf, shrink);
        acme.form(reduction + "/seats", Map.of("_csrf", csrf, "seats", "2", "reductionConfirmed", "yes"));
        ActivationUpdate u = fx.updates.get(reduction.substring(reduction.lastIndexOf('/') + 1));
        fx.runJobs(u.processInstanceId());
        WebappSession second = signIn("acme-admin2");
        second.form(reduction + "/approval", Map.of("_csrf", csrf(second.page(reduction)), "approved", "no"));
        assertThat(second.page(reduction).body()).contains("Reduction refused: the activation keeps its seats");
        fx.runJobs(u.processInstanceId());
        assertThat(second.page(reduction).body()).contains("Refused: the reduction was not approved");
        assertThat(fx.activations.get(shrink.id()).seats()).isEqualTo(8);
        assertThat(fx.activations.get(shrink.id()).pendingUpdateId()).isNull();
        assertThat(row(second.page("/desk/accounts/ACME/activations?license=" + license).body(), shrink.id()))
                .contains("/desk/activations/" + shrink.id() + "/update");
    }

    @Test
    void addNewWithAnotherAccountsLicenseIsRefusedForTheVendorsStaffToo() {
        WebappSession operator = signIn("operator");
        Http.Response form = operator.page("/desk/accounts/GLOBEX/activations/new");
        assertThat(form.body()).contains("LIC-GLOBEX").doesNotContain("LIC-DEMO");
        String license = fx.license(5);
        ActivationFixture.LicenseSnapshot before = fx.snapshot(license);
        operator.form("/desk/accounts/GLOBEX/activations", Map.of("_csrf", csrf(form), "license", license,
                "installationId", "PLANT-X", "seats", "1", "expiresOn", LocalDate.ofInstant(fx.now(), ZoneOffset.UTC).plusDays(9).toString()));
        assertThat(operator.page("/desk/accounts/GLOBEX/activations/new").body()).contains("Refused:", "Choose one of the account", "invalid-request");
        assertThat(fx.snapshot(license)).isEqualTo(before);
    }

    /** Update Remote Activation with the installation's token: answers the Configure page it leads to. */
    private String startUpdate(WebappSession session, String csrf, Act act) {
        Http.Response r = session.form("/desk/activations/" + act.id() + "/updates", Map.of("_csrf", csrf, "updateToken", fx.updateToken(act).sign()));
        String location = r.raw().headers().firstValue("Location").orElseThrow();
        String page = location.substring(location.indexOf("/desk/"));
        assertThat(session.page(page).body()).contains("Update started");
        fx.runJobs(fx.updates.get(page.substring(page.lastIndexOf('/') + 1)).processInstanceId());
        return page;
    }

    @Test
    void disconnectAsksFirstAndSaysWhatHappensToTheSeats() {
        Act applied = fx.active(fx.license(20), 4);
        Act pending = fx.add(fx.license(20), 3, fx.now().plus(Duration.ofDays(100)));
        WebappSession acme = signIn("acme-admin");

        Http.Response ask = acme.page("/desk/activations/" + applied.id() + "/disconnect");
        assertThat(ask.body()).contains(applied.key().id() + "</span>?", "4 seats", "stay held until the installation's disconnect proof comes back",
                "confirm-disconnect", "Cancel");
        assertThat(fx.activations.get(applied.id()).state()).as("asking changes nothing").isEqualTo(ActivationState.ACTIVE);
        assertThat(acme.page("/desk/activations/" + pending.id() + "/disconnect").body()).contains("3 seats", "go back to the license at once");

        acme.form("/desk/activations/" + applied.id() + "/disconnect", Map.of("_csrf", csrf(ask)));
        assertThat(fx.activations.get(applied.id()).state()).isEqualTo(ActivationState.DISCONNECTED);
        Http.Response after = acme.page("/desk/activations/" + applied.id());
        assertThat(after.body()).contains("Disconnect started", "no-token").doesNotContain("download-connection-token");
        assertThat(acme.page("/desk/activations/" + applied.id() + "/disconnect").body()).contains("already", "disconnected")
                .doesNotContain("confirm-disconnect");
        assertThat(acme.page("/desk/activations/" + applied.id() + "/update").body()).contains("Only an active remote activation")
                .doesNotContain("upload-update-token");
    }

    /** The table row of one activation. */
    private static String row(String page, String activationId) {
        int start = page.indexOf("id=\"activation-" + activationId + "\"");
        assertThat(start).as("a row of " + activationId).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    private String day(Act act) {
        return io.grantflow.shared.HumanText.day(fx.activations.get(act.id()).expiresAt());
    }
}
