package io.grantflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.protocol.GrantflowException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF rules: by default only https to public addresses; link-local never. And the signature's bytes. */
class WebhookTargetsTest {

    static WebhookTargets targets(boolean allowPrivate) {
        return new WebhookTargets(new WebhookProperties(allowPrivate, null, null, null, null, null));
    }

    static void refused(WebhookTargets targets, String url) {
        assertThatThrownBy(() -> targets.check(url)).as(url).isInstanceOfSatisfying(GrantflowException.class,
                e -> assertThat(e.getMessage()).contains(url));
    }

    @Test
    void byDefaultLoopbackPrivateLinkLocalAndPlainHttpAreRefused() {
        WebhookTargets targets = targets(false);
        for (String url : List.of("https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook", "https://172.16.0.1/",
                "https://192.168.1.1/", "https://100.64.0.1/", "https://[::1]/", "https://[fd00::1]/", "https://169.254.169.254/",
                "https://[fe80::1]/", "https://0.0.0.0/", "http://93.184.215.14/hook", "ftp://93.184.215.14/")) {
            refused(targets, url);
        }
        assertThat(targets.check("https://93.184.215.14/hook").getHost()).isEqualTo("93.184.215.14");
    }

    @Test
    void allowedPrivateTargetsStillRefuseLinkLocal() {
        WebhookTargets targets = targets(true);
        assertThat(targets.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
        assertThat(targets.check("https://10.1.2.3/hook").getHost()).isEqualTo("10.1.2.3");
        for (String url : List.of("http://169.254.169.254/latest", "http://[fe80::1]/", "http://0.0.0.0/")) {
            refused(targets, url);
        }
    }

    @Test
    void aSignatureIsStandardWebhooks() {
        // the Standard Webhooks specification's example: secret, id, timestamp, payload and the signature it gives
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";
        assertThat(WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
