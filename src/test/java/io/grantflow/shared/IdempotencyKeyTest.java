package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.grantflow.support.GrantflowTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An {@code Idempotency-Key} is 1 to 200 printable ASCII characters; any other is {@code 400 invalid-request}, nothing
 * started. Control characters the container itself refuses, C1 controls Spring Security's firewall refuses when the
 * header is read; the rest (Latin-1 letters, UTF-8 bytes read as Latin-1, tabs, too long) Grantflow refuses by name.
 */
@GrantflowTest
class IdempotencyKeyTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void keyWhenNotPrintableAsciiOrTooLongThen400InvalidRequestAndNothingStarted() {
        RawHttp http = new RawHttp(port);
        byte[] body = ("{\"accountId\":\"ACME\",\"label\":\"idem\",\"systemKey\":"
                + ExactInputTest.HttpJson.of(io.grantflow.support.EdgeKeyPair.create("SYS").publicJwk()) + "}").getBytes(StandardCharsets.UTF_8);
        List<byte[]> keys = List.of("schlüssel".getBytes(StandardCharsets.UTF_8), "schlüssel".getBytes(StandardCharsets.ISO_8859_1),
                "ключ".getBytes(StandardCharsets.UTF_8), "a\u0001b".getBytes(StandardCharsets.ISO_8859_1),
                "a\tb".getBytes(StandardCharsets.ISO_8859_1), "a\u007fb".getBytes(StandardCharsets.ISO_8859_1),
                "k".repeat(201).getBytes(StandardCharsets.US_ASCII), "k".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        long systems = count("gf_system");
        long idempotency = count("gf_idempotency");
        List<String> wrong = new ArrayList<>();
        var logged = RawHttp.logsDuring(() -> {
            for (byte[] key : keys) {
                java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
                request.writeBytes(("POST /api/v1/systems HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: "
                        + RawHttp.basic("operator") + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nIdempotency-Key: ").getBytes(StandardCharsets.ISO_8859_1));
                request.writeBytes(key);
                request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                request.writeBytes(body);
                RawHttp.Answer a = http.send(request.toByteArray());
                if (a.status() != 400 || !a.isProblem() || !a.code().equals("invalid-request") 
                        || !(a.body().contains("Idempotency-Key") || a.body().contains("header"))) {
                    wrong.add(new String(key, StandardCharsets.ISO_8859_1) + ": " + a);
                }
            }
            return null;
        });
        assertThat(wrong).isEmpty();
        assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(count("gf_system")).isEqualTo(systems);
        assertThat(count("gf_idempotency")).isEqualTo(idempotency);
    }
}
