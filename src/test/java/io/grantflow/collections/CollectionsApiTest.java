package io.grantflow.collections;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** {@link CollectionsContract} on H2, and every collection's refusals of bad input: a 400 problem with its code. */
@GrantflowTest
class CollectionsApiTest implements CollectionsContract {

    static final List<String> COLLECTIONS = List.of("/api/v1/licenses", "/api/v1/subscriptions", "/api/v1/systems",
            "/api/v1/remote-activations", "/api/v1/credit-assignments");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Override
    public int port() {
        return port;
    }

    @Override
    public ApplicationContext context() {
        return context;
    }

    static void assertProblem(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    private List<String> everyCollection() {
        CollectionRows rows = new CollectionRows(context, 3);
        return java.util.stream.Stream.concat(COLLECTIONS.stream(),
                java.util.stream.Stream.of("/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates")).toList();
    }

    @Test
    void aLimitOutsideOneTo200OrNotANumberIsRefused() {
        Http http = auditor();
        for (String path : everyCollection()) {
            for (String limit : List.of("0", "-1", "201", "1000", "ten", "1.5", "", "99999999999")) {
                assertProblem(http.get(path + "?limit=" + limit), 400, "invalid-limit");
            }
            assertThat(http.get(path + "?limit=1").status()).isEqualTo(200);
            assertThat(http.get(path + "?limit=200").status()).isEqualTo(200);
        }
    }

    @Test
    void aCursorTheCollectionDidNotHandOutIsRefused() {
        Http http = auditor();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        List<String> malformed = List.of("not-base64!", "%25%25", b64.encodeToString("just text".getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString("yesterday\nCA-1".getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString("2026-01-01T00:00:00Z\n".getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString("\nCA-1".getBytes(StandardCharsets.UTF_8)));
        for (String path : everyCollection()) {
            for (String cursor : malformed) {
                assertProblem(http.get(path + "?cursor=" + cursor), 400, "invalid-cursor");
            }
        }
    }

    @Test
    void aStateThatIsNotOneOfTheKindsIsRefusedWithTheStatesItTakes() {
        Http http = auditor();
        CollectionRows rows = new CollectionRows(context, 1);
        Http.Response r = http.get("/api/v1/credit-assignments?state=BOGUS");
        assertProblem(r, 400, "invalid-state");
        assertThat(r.json().path("detail").asText()).contains("ASSIGNED", "DOWNLOADED", "REVOKING", "REVOKED", "EXPIRED");
        assertProblem(http.get("/api/v1/credit-assignments?state=assigned"), 400, "invalid-state");
        assertProblem(http.get("/api/v1/remote-activations?state=REVOKED"), 400, "invalid-state");
        assertProblem(http.get("/api/v1/subscriptions?state=ASSIGNED"), 400, "invalid-state");
        assertProblem(http.get("/api/v1/remote-activations/" + rows.activationsA.get(0).id() + "/updates?status=ACTIVE"), 400,
                "invalid-state");
    }

    @Test
    void aParameterTheCollectionDoesNotTakeOrOneGivenTwiceIsRefused() {
        Http http = auditor();
        Http.Response misspelt = http.get("/api/v1/credit-assignments?sytemId=SYS-1");
        assertProblem(misspelt, 400, "unknown-parameter");
        assertThat(misspelt.json().path("detail").asText()).contains("sytemId", "systemId");
        assertProblem(http.get("/api/v1/licenses?state=ACTIVE"), 400, "unknown-parameter");
        assertProblem(http.get("/api/v1/systems?licenseId=LIC-DEMO"), 400, "unknown-parameter");
        assertProblem(http.get("/api/v1/subscriptions?accountId=ACME&accountId=GLOBEX"), 400, "invalid-request");
        assertProblem(http.get("/api/v1/credit-assignments?limit=5&limit=6"), 400, "invalid-request");
    }

    @Test
    void theUpdatesOfAnActivationThatDoesNotExistAreNotFound() {
        assertProblem(auditor().get("/api/v1/remote-activations/RA-NO-SUCH/updates"), 404, "not-found");
    }

    @Test
    void everyReaderMayListAndNobodyWithoutSigningIn() {
        for (String user : List.of("operator", "integrator", "auditor")) {
            for (String path : COLLECTIONS) {
                assertThat(Http.at(port).as(user).get(path + "?limit=1").status()).as("%s %s", user, path).isEqualTo(200);
            }
        }
        for (String path : COLLECTIONS) {
            assertThat(Http.at(port).anonymous().get(path).status()).as(path).isEqualTo(401);
        }
    }
}
