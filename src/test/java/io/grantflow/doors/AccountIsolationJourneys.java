package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ACME's admin's journeys, one test each and in order, then GLOBEX's attempts on each of ACME's objects
 * ({@link AccountIsolation}); shared by the H2 and PostgreSQL tests.
 */
interface AccountIsolationJourneys {

    AccountIsolation isolation();

    int port();

    String engine();

    @Test
    @Order(1)
    default void acmeAdminAddsAnActivationAndDownloadsItsConnectionToken() {
        AccountIsolation s = isolation();
        s.acmePools();
        s.addActivation();
        s.receipt(s.downloadConnectionToken());
    }

    @Test
    @Order(2)
    default void acmeAdminUploadsAnUpdateTokenConfiguresSeatsAndDownloadsTheNewConnectionToken() {
        AccountIsolation s = isolation();
        s.uploadUpdateToken();
        s.configureSeats();
        s.receipt(s.downloadUpdatedConnectionToken());
        assertThat(s.acme().get("/api/v1/remote-activations/" + s.activation).json().path("seats").asLong()).isEqualTo(12);
    }

    @Test
    @Order(3)
    default void aSeatReductionIsConfirmedByAnotherAdminOfTheAccount() {
        AccountIsolation s = isolation();
        s.uploadUpdateToken();
        AccountIsolation.ok(s.acme().postJson("/api/v1/remote-activations/updates/" + s.update + "/seat-configuration", Map.of("seats", 8)));
        s.drain();
        String approval = "/api/v1/remote-activations/updates/" + s.update + "/reduction-approval";
        Http.Response own = s.acme().postJson(approval, Map.of("approved", true));
        assertThat(own.code()).as("the configurer's own approval: " + own).isEqualTo("four-eyes");
        Http.Response globex = s.http().as("globex-admin").postJson(approval, Map.of("approved", true));
        assertThat(globex.code()).as("another account's admin: " + globex).isEqualTo("not-found");
        AccountIsolation.ok(s.http().as("acme-admin2").postJson(approval, Map.of("approved", true)));
        s.drain();
        s.receipt(s.downloadUpdatedConnectionToken());
        assertThat(s.acme().get("/api/v1/remote-activations/" + s.activation).json().path("seats").asLong()).isEqualTo(8);
    }

    @Test
    @Order(4)
    default void acmeAdminLinksASystemAssignsAndDownloadsTheCreditFile() {
        AccountIsolation s = isolation();
        s.linkSystem();
        s.assign();
        s.downloadCreditFile();
    }

    @Test
    @Order(5)
    default void globexAdminGetsEveryAcmeObjectAndStepAnsweredAsMissing() {
        AccountIsolation s = isolation();
        Http globex = s.http().as("globex-admin");
        s.refusedAsMissing("globex-admin", s.apiAttacks(globex, globexSystem(globex)));
    }

    @Test
    @Order(6)
    default void aGlobexTokenGetsEveryAcmeObjectAndStepAnsweredAsMissing() {
        AccountIsolation s = isolation();
        Http token = s.http().bearer(s.globexToken());
        assertThat(token.get("/api/v1/licenses/LIC-GLOBEX").status()).as("its own account's license").isEqualTo(200);
        s.refusedAsMissing("a GLOBEX token", s.apiAttacks(token, globexSystem(token)));
        s.engineDoorsClosed("a GLOBEX token", token, null);
    }

    @Test
    @Order(7)
    default void globexAdminFindsTheDeskAndTheEngineDoorsClosedOnAcme() {
        AccountIsolation s = isolation();
        WebappSession session = WebappSession.login(port(), engine(), "welcome", "globex-admin", "globex-admin");
        assertThat(session.page("/desk/licenses/LIC-GLOBEX").status()).as("its own license's desk page").isEqualTo(200);
        for (String own : new String[] {"/desk/accounts/GLOBEX", "/desk/accounts/GLOBEX/activations?license=LIC-GLOBEX"}) {
            Http.Response page = session.page(own);
            assertThat(page.status()).as("its own account's " + own).isEqualTo(200);
            assertThat(page.body()).as(own).doesNotContain(s.activation, s.license);
        }
        s.refusedAsMissing("globex-admin at the desk", s.deskAttacks(session));
        s.engineDoorsClosed("globex-admin", s.http().as("globex-admin"), session);
        s.engineDoorsClosed("acme-admin", s.acme(), WebappSession.login(port(), engine(), "welcome", "acme-admin", "acme-admin"));
    }

    @Test
    @Order(8)
    default void customersManageTheirOwnAccountsTokensOnlyAndNeverVendorDoors() {
        AccountIsolation s = isolation();
        JsonNode issued = AccountIsolation.ok(s.acme().postJson("/api/v1/account/api-tokens", Map.of("clientId", "acme-portal",
                "group", "customer-viewer", "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()))).json();
        assertThat(issued.path("accountId").asText()).isEqualTo("ACME");
        String id = issued.path("id").asText();
        Http acmeToken = s.http().bearer(issued.path("token").asText());
        assertThat(acmeToken.get("/api/v1/licenses/" + s.license).status()).isEqualTo(200);
        assertThat(acmeToken.get("/api/v1/licenses/LIC-GLOBEX").code()).as("its token never leaves ACME").isEqualTo("not-found");
        assertThat(acmeToken.postJson("/api/v1/licenses/" + s.license + "/remote-activations",
                AccountIsolation.addBody(EdgeKeyPair.create("INST-VIEWER-" + java.util.UUID.randomUUID()))).status())
                .as("a viewer reads, never starts").isEqualTo(403);
        String expires = Instant.now().plus(Duration.ofDays(1)).toString();
        assertThat(s.acme().postJson("/api/v1/account/api-tokens", Map.of("clientId", "acme-ops", "group", "operators",
                "expiresAt", expires)).code()).as("an account's token has a customer's group").isEqualTo("invalid-request");
        Http admin = s.http().as("admin", s.adminPassword());
        assertThat(admin.postJson("/api/v1/admin/api-tokens", Map.of("clientId", "x", "group", "integrators", "expiresAt", expires,
                "accountId", "GLOBEX")).code()).isEqualTo("invalid-request");
        assertThat(admin.postJson("/api/v1/admin/api-tokens", Map.of("clientId", "x", "group", "customer-admin", "expiresAt", expires)).code())
                .as("a customer's group needs an account").isEqualTo("invalid-request");
        assertThat(admin.postJson("/api/v1/admin/api-tokens", Map.of("clientId", "x", "group", "customer-admin", "expiresAt", expires,
                "accountId", "NO-SUCH-ACCOUNT")).code()).isEqualTo("not-found");
        Http globex = s.http().as("globex-admin");
        Http.Response other = globex.get("/api/v1/account/api-tokens/" + id);
        Http.Response missing = globex.get("/api/v1/account/api-tokens/0123456789abcdef0123456789abcdef");
        assertThat(other.status()).as(other.toString()).isEqualTo(404);
        assertThat(other.code()).isEqualTo(missing.code());
        assertThat(globex.postJson("/api/v1/account/api-tokens/" + id + "/revoke", Map.of()).status()).isEqualTo(404);
        assertThat(globex.get("/api/v1/account/api-tokens").json().toString()).doesNotContain(id);
        assertThat(s.acme().get("/api/v1/account/api-tokens/" + id).json().path("state").asText()).isEqualTo("ACTIVE");
        for (String vendorOnly : new String[] {"/api/v1/admin/api-tokens", "/api/v1/audit/ledger/verify",
                "/api/v1/audit/timeline/remote-activation/" + s.activation}) {
            assertThat(s.acme().get(vendorOnly).status()).as(vendorOnly).isEqualTo(403);
        }
        assertThat(s.http().as("operator").get("/api/v1/account/api-tokens").status()).as("the vendor's staff have no account").isEqualTo(403);
    }

    /** Every collection: a customer's people and tokens list their own account's objects only; the vendor's staff list every account's. */
    @Test
    @Order(8)
    default void listsShowOnesOwnAccountAndEveryAccountToVendorStaff() {
        AccountIsolation s = isolation();
        Map<String, String> acmeIds = Map.of("/api/v1/licenses", s.license, "/api/v1/subscriptions", s.subscription,
                "/api/v1/remote-activations", s.activation, "/api/v1/systems", s.system, "/api/v1/credit-assignments", s.assignment);
        for (Map.Entry<String, String> kind : acmeIds.entrySet()) {
            String path = kind.getKey() + "?limit=200";
            assertThat(listedIds(s.acme(), path)).as("acme-admin lists its own %s", kind.getKey()).contains(kind.getValue());
            for (Http globex : List.of(s.http().as("globex-admin"), s.http().bearer(s.globexToken()))) {
                List<String> seen = listedIds(globex, path);
                assertThat(seen).as("GLOBEX never lists ACME's %s", kind.getKey()).doesNotContain(kind.getValue());
                assertThat(listedAccounts(globex, path)).as("GLOBEX lists GLOBEX's only").allMatch("GLOBEX"::equals);
                assertThat(listedIds(globex, kind.getKey() + "?limit=200&accountId=ACME")).as("naming ACME lists nothing").isEmpty();
            }
            assertThat(listedIds(s.http().as("auditor"), path + "&accountId=ACME")).as("vendor staff list ACME's %s", kind.getKey())
                    .contains(kind.getValue());
        }
        assertThat(listedAccounts(s.http().as("auditor"), "/api/v1/licenses?limit=200")).as("vendor staff list every account")
                .contains("ACME", "GLOBEX");
        Http.Response updates = s.http().as("globex-admin").get("/api/v1/remote-activations/" + s.activation + "/updates");
        assertThat(updates.status()).as("another account's activation's updates: %s", updates).isEqualTo(404);
        assertThat(updates.code()).isEqualTo("not-found");
    }

    private static List<String> listedIds(Http http, String path) {
        return listed(http, path, "id");
    }

    private static List<String> listedAccounts(Http http, String path) {
        return listed(http, path, "accountId");
    }

    private static List<String> listed(Http http, String path, String field) {
        Http.Response r = http.get(path);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<String> values = new java.util.ArrayList<>();
        r.json().path("items").forEach(item -> {
            if (item.hasNonNull(field)) {
                values.add(item.path(field).asText());
            }
        });
        return values;
    }

    @Test
    @Order(9)
    default void acmeAdminRevokes() {
        isolation().revoke();
    }

    private String globexSystem(Http globex) {
        return AccountIsolation.ok(globex.postJson("/api/v1/systems", Map.of("accountId", "GLOBEX", "label", "GLOBEX HOME",
                "systemKey", EdgeKeyPair.create("pending").publicJwk()))).json().path("systemId").asText();
    }
}
