package io.grantflow.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The check every HTTP test's answers pass through fails on what a generated client would not understand. */
class ContractTest {

    static final String SUBSCRIPTION = """
            {"id":"SUB-1","accountId":"ACME","type":"ANNUAL","state":"ACTIVE","total":100,"assigned":10,"inFlight":0,
             "available":90,"startsAt":"2026-01-01T00:00:00Z","endsAt":"2027-01-01T00:00:00Z"}""";

    static void check(String method, String path, int status, String contentType, String body) {
        Contract.check(method, URI.create("http://127.0.0.1:1" + path), status, contentType, body);
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertThatCode(() -> check("GET", "/api/v1/subscriptions/SUB-1", 200, "application/json", SUBSCRIPTION)).doesNotThrowAnyException();
        assertThatCode(() -> check("GET", "/api/v1/subscriptions/NOPE", 404, "application/problem+json",
                "{\"type\":\"https://grantflow.io/problems/not-found\",\"title\":\"Not Found\",\"status\":404,\"code\":\"not-found\"}"))
                .doesNotThrowAnyException();
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThatThrownBy(() -> check("GET", "/api/v1/subscriptions/SUB-1", 418, "application/json", SUBSCRIPTION))
                .isInstanceOf(AssertionError.class).hasMessageContaining("418");
    }

    @Test
    void anUndocumentedFieldFails() {
        String extra = SUBSCRIPTION.replace("\"id\":", "\"secret\":\"x\",\"id\":");
        assertThatThrownBy(() -> check("GET", "/api/v1/subscriptions/SUB-1", 200, "application/json", extra))
                .isInstanceOf(AssertionError.class).hasMessageContaining("secret");
    }

    @Test
    void aWrongTypeOrContentTypeFails() {
        assertThatThrownBy(() -> check("GET", "/api/v1/subscriptions/SUB-1", 200, "application/json",
                SUBSCRIPTION.replace("\"total\":100", "\"total\":\"many\"")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("total");
        assertThatThrownBy(() -> check("GET", "/api/v1/subscriptions/SUB-1", 200, "text/html", "<html></html>"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aMissingRequiredFieldFails() {
        assertThatThrownBy(() -> check("GET", "/api/v1/subscriptions/SUB-1", 200, "application/json",
                SUBSCRIPTION.replace("\"available\":90,", "")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("available");
    }

    @Test
    void pagesAndTheWebappsApiAreNotGrantflowsContract() {
        assertThatCode(() -> check("GET", "/api/engine/engine/default/task", 200, "application/json", "[]")).doesNotThrowAnyException();
        assertThatCode(() -> check("GET", "/audit/", 200, "text/html", "<html></html>")).doesNotThrowAnyException();
    }
}
