package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The bench's webhook receiver counts a delivery as received only when its signature verifies: checked against the
 * Standard Webhooks specification's own example (secret, id, timestamp, body, signature), over real HTTP.
 */
class BenchReceiverTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void countsVerifiedDeliveriesAndThoseWhoseSignatureDoesNotVerify() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String url = receiver.url("/hook/0");
            receiver.expect("/hook/0", SECRET);
            HttpClient http = HttpClient.newHttpClient();

            assertThat(post(http, url, BODY, "v1,bm90IGl0 " + SIGNATURE)).isEqualTo(204); // the second of two verifies
            assertThat(post(http, url, BODY + " ", SIGNATURE)).isEqualTo(204); // the body changed on the way
            assertThat(post(http, url, BODY, "v1,bm90IGl0")).isEqualTo(204);
            assertThat(post(http, receiver.url("/unknown"), BODY, SIGNATURE)).isEqualTo(404);

            assertThat(receiver.counts("/hook/0").verified).hasValue(1);
            assertThat(receiver.counts("/hook/0").badSignatures).hasValue(2);
        }
    }

    private static int post(HttpClient http, String url, String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("webhook-id", ID).header("webhook-timestamp", TIMESTAMP)
                .header("webhook-signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
