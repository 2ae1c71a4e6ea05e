package io.grantflow.shared;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Requests written byte for byte over a socket: odd paths and header values that an HTTP client library would
 * normalise or refuse to send. The answer is read until the server closes ({@code Connection: close}).
 */
final class RawHttp {

    record Answer(int status, String head, String body) {
        boolean isProblem() {
            return head.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json");
        }

        String code() {
            int at = body.indexOf("\"code\":\"");
            return at < 0 ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
        }

        @Override
        public String toString() {
            return head + "\r\n\r\n" + body;
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    Answer send(byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // written beside the reading: a server that answers before it read a large body may close early
            Thread writer = new Thread(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException closedEarly) {
                    // the answer is read all the same
                }
            });
            writer.start();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Answer(status, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request with the given request target and extra header lines; {@code headers} end each with CRLF. */
    Answer request(String method, String target, String headers, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n" + headers
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        return send(request.toByteArray());
    }

    /** Runs {@code action} while recording every log event of level WARN or above; answers them. */
    static <T> List<ILoggingEvent> logsDuring(Supplier<T> action) {
        return io.grantflow.support.Logs.warningsDuring(action);
    }
}
