package io.grantflow.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter alone, with a small bucket and a clock the test moves. */
class RequestLimitFilterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger passed = new AtomicInteger();

    private RequestLimitFilter filter(int burst, double perSecond, int maxClients) {
        LimitsProperties limits = new LimitsProperties(1024, List.of("/api/**", "/m/**", "/.well-known/**"),
                new LimitsProperties.RateLimit(true, perSecond, burst,
                        List.of("/.well-known/**", "/m/**", "/api/v1/edge/**", "/api/v1/remote-activations/*/receipts"),
                        false, maxClients, Duration.ofSeconds(1)), 8192, List.of("/engine-rest/**", "/camunda/api/**"));
        return new RequestLimitFilter(limits, new ObjectMapper(), nanos::get);
    }

    private MockHttpServletResponse send(RequestLimitFilter filter, String method, String path, String ip, byte[] body)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        request.setRemoteAddr(ip);
        if (body != null) {
            request.setContent(body);
            request.setContentType("application/json");
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                passed.incrementAndGet();
            }
        });
        return response;
    }

    @Test
    void edgeEndpointWhenBurstUsedUpThen429WithRetryAfterUntilRefilled() throws Exception {
        RequestLimitFilter filter = filter(3, 1.0, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(send(filter, "POST", "/api/v1/edge/call-in", "10.0.0.1", null).getStatus()).isEqualTo(200);
        }
        MockHttpServletResponse refused = send(filter, "POST", "/api/v1/edge/call-in", "10.0.0.1", null);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"code\":\"rate-limited\"");
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(passed).hasValue(3);

        // another client has its own bucket; the API behind a login is not limited here
        assertThat(send(filter, "GET", "/.well-known/jwks.json", "10.0.0.2", null).getStatus()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(send(filter, "GET", "/api/v1/licenses/LIC-1", "10.0.0.1", null).getStatus()).isEqualTo(200);
        }

        nanos.addAndGet(1_000_000_000L);
        assertThat(send(filter, "POST", "/api/v1/remote-activations/RA-1/receipts", "10.0.0.1", null).getStatus()).isEqualTo(200);
        assertThat(send(filter, "GET", "/m/update", "10.0.0.1", null).getStatus()).isEqualTo(429);
    }

    @Test
    void bodyWhenAboveCapThen413AndNotPassedOn() throws Exception {
        RequestLimitFilter filter = filter(1000, 100, 100);
        MockHttpServletResponse tooLarge = send(filter, "POST", "/api/v1/systems", "10.0.0.1", new byte[1025]);
        assertThat(tooLarge.getStatus()).isEqualTo(413);
        assertThat(tooLarge.getContentAsString()).contains("\"code\":\"payload-too-large\"");
        assertThat(passed).hasValue(0);
        assertThat(send(filter, "POST", "/api/v1/systems", "10.0.0.1", new byte[1024]).getStatus()).isEqualTo(200);
        assertThat(send(filter, "POST", "/camunda/api/admin/whatever", "10.0.0.1", new byte[5000]).getStatus()).isEqualTo(200);
        assertThat(passed).hasValue(2);
    }

    @Test
    void engineBodyWhenAboveItsOwnCapThen413AndNotPassedOn() throws Exception {
        RequestLimitFilter filter = filter(1000, 100, 100);
        for (String path : new String[] {"/engine-rest/deployment/create", "/camunda/api/engine/engine/default/task/1/submit-form"}) {
            MockHttpServletResponse tooLarge = send(filter, "POST", path, "10.0.0.1", new byte[8193]);
            assertThat(tooLarge.getStatus()).as(path).isEqualTo(413);
            assertThat(tooLarge.getContentAsString()).contains("\"code\":\"payload-too-large\"", "8192");
        }
        assertThat(passed).hasValue(0);
        assertThat(send(filter, "POST", "/engine-rest/deployment/create", "10.0.0.1", new byte[8192]).getStatus()).isEqualTo(200);
        assertThat(passed).hasValue(1);
    }

    @Test
    void chunkedBodyWhenAboveCapThen413ElseReplayedWhole() throws Exception {
        RequestLimitFilter filter = filter(1000, 100, 100);
        MockHttpServletRequest big = new MockHttpServletRequest("POST", "/api/v1/edge/call-in");
        big.setServletPath("/api/v1/edge/call-in");
        big.setContent(new byte[4000]);
        big.addHeader("Transfer-Encoding", "chunked");
        big.setContentType("application/json");
        // MockHttpServletRequest answers the content's length; a chunked request has none
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/api/v1/edge/call-in") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setServletPath("/api/v1/edge/call-in");
        chunked.setContent(new byte[4000]);
        chunked.addHeader("Transfer-Encoding", "chunked");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(chunked, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(413);

        MockHttpServletRequest small = new MockHttpServletRequest("POST", "/api/v1/edge/call-in") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        small.setServletPath("/api/v1/edge/call-in");
        small.setContent("{\"receipts\":[]}".getBytes());
        small.addHeader("Transfer-Encoding", "chunked");
        byte[][] seen = new byte[1][];
        filter.doFilter(small, new MockHttpServletResponse(), new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) throws java.io.IOException {
                seen[0] = req.getInputStream().readAllBytes();
            }
        });
        assertThat(new String(seen[0])).isEqualTo("{\"receipts\":[]}");
    }

    @Test
    void manyClientsWhenAboveMaxThenIdleBucketsDropped() throws Exception {
        RequestLimitFilter filter = filter(2, 10, 50);
        for (int i = 0; i < 200; i++) {
            send(filter, "GET", "/.well-known/jwks.json", "10.1." + (i / 250) + "." + (i % 250), null);
            nanos.addAndGet(300_000_000L);
        }
        assertThat(filter.clients()).isLessThanOrEqualTo(50);
    }

    @Test
    void manyAddressesAtOnceThenABusyClientKeepsItsLimit() throws Exception {
        RequestLimitFilter filter = filter(3, 1.0, 50);
        for (int i = 0; i < 30; i++) {
            send(filter, "GET", "/.well-known/jwks.json", "10.2.0." + i, null);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(send(filter, "POST", "/api/v1/edge/call-in", "10.0.0.1", null).getStatus()).isEqualTo(200);
        }
        for (int i = 0; i < 12; i++) {
            assertThat(send(filter, "POST", "/api/v1/edge/call-in", "10.0.0.1", null).getStatus()).isEqualTo(429);
        }

        // a flood from more addresses than buckets are kept: the busy client's bucket is not the one that goes
        for (int i = 0; i < 200; i++) {
            send(filter, "GET", "/.well-known/jwks.json", "10.3." + (i / 250) + "." + (i % 250), null);
        }
        assertThat(filter.clients()).isLessThanOrEqualTo(50);
        assertThat(send(filter, "POST", "/api/v1/edge/call-in", "10.0.0.1", null).getStatus()).isEqualTo(429);
    }
}
