package io.grantflow.collections;

import static io.grantflow.collections.CollectionRows.ids;
import static io.grantflow.collections.CollectionsContract.pageThrough;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.account.CallerAccount;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The collections for a caller bound to one account (a customer's person or token), with {@link CallerAccount} in
 * place of the one that knows customers: its own account's items only, whatever it filters by; another account named
 * lists nothing; another account's activation's updates are not found. The same caller unbound sees every account.
 */
@GrantflowTest
@Import(CollectionsForOneAccountTest.BoundCaller.class)
class CollectionsForOneAccountTest {

    /** The account the caller is bound to; null: the vendor's staff. */
    static volatile String bound;

    @TestConfiguration(proxyBeanMethods = false)
    static class BoundCaller {

        @Bean
        @Primary
        CallerAccount boundForTheTest() {
            return () -> Optional.ofNullable(bound);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @AfterEach
    void unbind() {
        bound = null;
    }

    @Test
    void aCallerBoundToAnAccountListsThatAccountsItemsOnly() {
        CollectionRows rows = new CollectionRows(context, 12);
        Http http = Http.at(port).as("auditor");
        bound = rows.b;
        assertThat(pageThrough(http, "/api/v1/licenses?limit=200")).containsExactly(rows.licenseB);
        assertThat(pageThrough(http, "/api/v1/subscriptions?limit=200")).containsExactly(rows.subB);
        assertThat(pageThrough(http, "/api/v1/systems?limit=200")).containsExactlyElementsOf(ids(rows.systemsB));
        assertThat(pageThrough(http, "/api/v1/remote-activations?limit=200")).containsExactlyElementsOf(ids(rows.activationsB));
        assertThat(pageThrough(http, "/api/v1/credit-assignments?limit=1")).containsExactlyElementsOf(ids(rows.assignmentsB));
        // its own account named: the same
        assertThat(pageThrough(http, "/api/v1/credit-assignments?accountId=" + rows.b)).containsExactlyElementsOf(ids(rows.assignmentsB));
        // a parent of another account, or the state filter, cannot reach past the account
        assertThat(pageThrough(http, "/api/v1/credit-assignments?systemId=" + rows.systemsA.get(0).id())).isEmpty();
        assertThat(pageThrough(http, "/api/v1/credit-assignments?subscriptionId=" + rows.subA1)).isEmpty();
        assertThat(pageThrough(http, "/api/v1/credit-assignments?state=ASSIGNED&limit=200")).containsExactlyElementsOf(ids(rows.assignmentsB));
        assertThat(pageThrough(http, "/api/v1/remote-activations?licenseId=" + rows.licenseA)).isEmpty();
        assertThat(pageThrough(http, "/api/v1/remote-activations/" + rows.activationsB.get(0).id() + "/updates")).isEmpty();
    }

    @Test
    void anotherAccountNamedListsNothingAndItsActivationsUpdatesAreNotFound() {
        CollectionRows rows = new CollectionRows(context, 4);
        Http http = Http.at(port).as("operator");
        bound = rows.b;
        for (String path : List.of("/api/v1/licenses", "/api/v1/subscriptions", "/api/v1/systems", "/api/v1/remote-activations",
                "/api/v1/credit-assignments")) {
            Http.Response r = http.get(path + "?accountId=" + rows.a);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.json().path("items")).as(path).isEmpty();
            assertThat(r.json().path("next").isNull()).as(path).isTrue();
        }
        Http.Response updates = http.get("/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates");
        assertThat(updates.status()).as(updates.toString()).isEqualTo(404);
        assertThat(updates.code()).isEqualTo("not-found");
        assertThat(updates.json().path("detail").asText())
                .as("answered as for an activation that does not exist")
                .isEqualTo(http.get("/api/v1/remote-activations/RA-NO-SUCH/updates").json().path("detail").asText()
                        .replace("RA-NO-SUCH", rows.activationsA.get(0).id()));
        // bad input is refused the same for a bound caller
        assertThat(http.get("/api/v1/licenses?limit=0").code()).isEqualTo("invalid-limit");
    }

    @Test
    void theVendorsStaffSeeEveryAccountAndMayNameOne() {
        CollectionRows rows = new CollectionRows(context, 4);
        Http http = Http.at(port).as("auditor");
        assertThat(pageThrough(http, "/api/v1/licenses?limit=200")).contains(rows.licenseA, rows.licenseA2, rows.licenseB);
        assertThat(pageThrough(http, "/api/v1/licenses?accountId=" + rows.a)).containsExactly(rows.licenseA, rows.licenseA2);
        assertThat(pageThrough(http, "/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates"))
                .containsExactlyElementsOf(ids(rows.updatesOfFirst));
    }
}
