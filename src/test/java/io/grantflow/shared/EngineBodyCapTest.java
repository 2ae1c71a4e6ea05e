package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /engine-rest} and the webapps' {@code /camunda/api/} cap request bodies too ({@code 413 payload-too-large}),
 * with or without a Content-Length, at a size that still lets an administrator deploy Grantflow's own BPMN.
 */
@GrantflowTest
class EngineBodyCapTest {

    static final int ABOVE_CAP = 1024 * 1024 + 1;

    @LocalServerPort
    int port;

    static byte[] jsonOf(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = "{\"messageName\":\"NoSuchMessage\"}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, body, 0, start.length);
        return body;
    }

    static byte[] chunked(String head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void engineRestBodyAboveTheCapWhenPostedWithOrWithoutLengthThen413Problem() {
        RawHttp http = new RawHttp(port);
        String auth = "Authorization: " + RawHttp.basic("operator") + "\r\nContent-Type: application/json\r\n";
        for (String path : new String[] {"/engine-rest/message", "/camunda/api/engine/engine/default/message"}) {
            RawHttp.Answer withLength = http.request("POST", path, auth, jsonOf(ABOVE_CAP));
            assertThat(withLength.status()).as(path + " " + withLength).isEqualTo(413);
            assertThat(withLength.code()).isEqualTo("payload-too-large");

            RawHttp.Answer withoutLength = http.send(chunked("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + auth
                    + "Transfer-Encoding: chunked\r\n\r\n", jsonOf(ABOVE_CAP)));
            assertThat(withoutLength.status()).as(path + " chunked " + withoutLength).isEqualTo(413);
            assertThat(withoutLength.code()).isEqualTo("payload-too-large");
        }
        // below the cap the engine reads the body (and refuses the unknown message on its own terms)
        RawHttp.Answer below = http.send(chunked("POST /engine-rest/message HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + auth
                + "Transfer-Encoding: chunked\r\n\r\n", jsonOf(64 * 1024)));
        assertThat(below.status()).as(below.toString()).isNotEqualTo(413).isBetween(400, 499);
    }

    @Test
    void deploymentOfHalfAMebibyteWhenAdminPostsItThenAccepted() {
        // a test model (the tests' allowance, by its name): the engine deploys no other but the shipped ones
        StringBuilder bpmn = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- ")
                .append("x".repeat(512 * 1024)).append(" -->\n")
                .append("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\"")
                .append(" targetNamespace=\"https://grantflow.io/test\"><process id=\"body-cap-probe\" isExecutable=\"true\"")
                .append(" camunda:historyTimeToLive=\"P1D\"><startEvent id=\"s\"/></process></definitions>");
        String boundary = "----gfcap";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nbody-cap-probe\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"gf-test-body-cap-probe.bpmn\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        RawHttp.Answer a = new RawHttp(port).request("POST", "/engine-rest/deployment/create", "Authorization: " + RawHttp.basic("admin")
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\n", body.toByteArray());
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }
}
