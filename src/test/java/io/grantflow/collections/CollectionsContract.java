package io.grantflow.collections;

import static io.grantflow.collections.CollectionRows.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grantflow.support.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * The collections over HTTP, as the vendor's staff page them: every item once, in (created_at, id) order across pages,
 * whatever the page size; each filter and their combinations; each item as the single GET shows it. Run on H2 and
 * PostgreSQL (the cursor carries a time each database keeps to its own precision).
 */
interface CollectionsContract {

    int port();

    ApplicationContext context();

    default Http auditor() {
        return Http.at(port()).as("auditor");
    }

    /** Every page from {@code path} on, following {@code next}: the ids in the order the pages gave them. */
    static List<String> pageThrough(Http http, String path) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            Http.Response r = http.get(path + (cursor == null ? "" : (path.contains("?") ? "&" : "?") + "cursor=" + cursor));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode body = r.json();
            // an update names itself updateId, as its single read does
            body.path("items").forEach(item -> seen.add(item.has("updateId") ? item.path("updateId").asText() : item.path("id").asText()));
            assertThat(body.has("next")).as("next is always there, null on the last page").isTrue();
            if (body.path("next").isNull()) {
                return seen;
            }
            cursor = body.path("next").asText();
        }
        throw new AssertionError("no last page");
    }

    @Test
    default void pagesThroughEveryItemOnceInCreationOrderWhateverThePageSize() {
        CollectionRows rows = new CollectionRows(context(), 130);
        Http http = auditor();
        for (int limit : new int[] {1, 7, 50, 200}) {
            List<String> paged = pageThrough(http, "/api/v1/credit-assignments?accountId=" + rows.a + "&limit=" + limit);
            assertThat(paged).as("limit %d", limit).hasSize(130).doesNotHaveDuplicates().containsExactlyElementsOf(ids(rows.assignmentsA));
        }
        // the default page is 50: three pages, the last of 30
        Http.Response first = http.get("/api/v1/credit-assignments?accountId=" + rows.a);
        assertThat(first.json().path("items")).hasSize(50);
        assertThat(first.json().path("next").isTextual()).isTrue();
        assertThat(pageThrough(http, "/api/v1/systems?accountId=" + rows.a + "&limit=2")).containsExactlyElementsOf(ids(rows.systemsA));
        assertThat(pageThrough(http, "/api/v1/remote-activations?accountId=" + rows.a + "&limit=4"))
                .containsExactlyElementsOf(ids(rows.activationsA));
        assertThat(pageThrough(http, "/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates?limit=3"))
                .containsExactlyElementsOf(ids(rows.updatesOfFirst));
        assertThat(pageThrough(http, "/api/v1/licenses?accountId=" + rows.a + "&limit=1")).containsExactly(rows.licenseA, rows.licenseA2);
        assertThat(pageThrough(http, "/api/v1/subscriptions?accountId=" + rows.a + "&limit=1")).containsExactly(rows.subA1, rows.subA2);
        // a page that ends exactly at the last item says so: no empty page after it
        Http.Response exact = http.get("/api/v1/systems?accountId=" + rows.a + "&limit=5");
        assertThat(exact.json().path("items")).hasSize(5);
        assertThat(exact.json().path("next").isNull()).isTrue();
    }

    @Test
    default void filtersByParentStateAndAccountAndTheirCombinations() {
        CollectionRows rows = new CollectionRows(context(), 40);
        Http http = auditor();
        String systemA0 = rows.systemsA.get(0).id();
        assertThat(pageThrough(http, "/api/v1/credit-assignments?systemId=" + systemA0 + "&state=REVOKED&limit=3"))
                .containsExactlyElementsOf(ids(rows.revokedOfSystemA0)).isNotEmpty();
        assertThat(pageThrough(http, "/api/v1/credit-assignments?subscriptionId=" + rows.subA2 + "&limit=5"))
                .containsExactlyElementsOf(ids(rows.ofSubA2)).isNotEmpty();
        assertThat(pageThrough(http, "/api/v1/credit-assignments?accountId=" + rows.b)).containsExactlyElementsOf(ids(rows.assignmentsB));
        assertThat(pageThrough(http, "/api/v1/remote-activations?licenseId=" + rows.licenseA + "&state=ACTIVE&limit=1"))
                .containsExactlyElementsOf(ids(rows.activeOfLicenseA)).hasSize(4);
        assertThat(pageThrough(http, "/api/v1/remote-activations?accountId=" + rows.b)).containsExactlyElementsOf(ids(rows.activationsB));
        assertThat(pageThrough(http, "/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates?status=APPLIED"))
                .containsExactlyElementsOf(ids(rows.appliedOfFirst)).hasSize(4);
        assertThat(pageThrough(http, "/api/v1/subscriptions?accountId=" + rows.a + "&state=CANCELLED")).containsExactly(rows.subA2);
        assertThat(pageThrough(http, "/api/v1/systems?accountId=" + rows.b)).containsExactlyElementsOf(ids(rows.systemsB));
        assertThat(pageThrough(http, "/api/v1/licenses?accountId=" + rows.b)).containsExactly(rows.licenseB);
        // without a filter the vendor's staff see every account's
        List<String> everyLicense = pageThrough(http, "/api/v1/licenses?limit=200");
        assertThat(everyLicense).contains(rows.licenseA, rows.licenseA2, rows.licenseB).doesNotHaveDuplicates();
        assertThat(pageThrough(http, "/api/v1/credit-assignments?accountId=" + rows.a + "&state=EXPIRED&limit=3"))
                .containsExactlyElementsOf(ids(rows.expiredA)).hasSize(8);
        JsonNode expired = http.get("/api/v1/credit-assignments?state=EXPIRED&limit=200").json().path("items");
        assertThat(expired).isNotEmpty().allSatisfy(item -> assertThat(item.path("state").asText()).isEqualTo("EXPIRED"));
        // a parent or account that does not exist lists nothing
        for (String path : List.of("/api/v1/credit-assignments?systemId=NO-SUCH", "/api/v1/credit-assignments?subscriptionId=NO-SUCH",
                "/api/v1/remote-activations?licenseId=NO-SUCH", "/api/v1/licenses?accountId=NO-SUCH", "/api/v1/systems?accountId=NO-SUCH",
                "/api/v1/subscriptions?accountId=NO-SUCH", "/api/v1/credit-assignments?accountId=NO-SUCH")) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.json().path("items")).as(path).isEmpty();
            assertThat(r.json().path("next").isNull()).as(path).isTrue();
        }
    }

    @Test
    default void eachItemIsWhatTheSingleReadShows() {
        CollectionRows rows = new CollectionRows(context(), 6);
        Http http = auditor();
        assertSameAsSingle(http, "/api/v1/licenses?accountId=" + rows.a, "/api/v1/licenses/");
        assertSameAsSingle(http, "/api/v1/subscriptions?accountId=" + rows.a, "/api/v1/subscriptions/");
        assertSameAsSingle(http, "/api/v1/systems?accountId=" + rows.a, "/api/v1/systems/");
        assertSameAsSingle(http, "/api/v1/remote-activations?accountId=" + rows.a, "/api/v1/remote-activations/");
        assertSameAsSingle(http, "/api/v1/credit-assignments?accountId=" + rows.a, "/api/v1/credit-assignments/");
        assertSameAsSingle(http, "/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates", "/api/v1/remote-activations/updates/");
    }

    private static void assertSameAsSingle(Http http, String list, String single) {
        JsonNode items = http.get(list).json().path("items");
        assertThat(items).as(list).isNotEmpty();
        items.forEach(item -> {
            String id = item.has("updateId") ? item.path("updateId").asText() : item.path("id").asText();
            assertThat(item).as(list + " item " + id).isEqualTo(http.get(single + id).json());
        });
    }
}
