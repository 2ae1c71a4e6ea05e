package io.grantflow.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.activation.Licenses;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Edge tokens signed by Node's {@code jose} (its {@code SignJWT}, the way an installation or HOME system written
 * without Grantflow's code signs them: {@code src/test/node/sign.mjs}), sent over HTTP: every form docs/security.md's
 * "Edge tokens as standard JOSE libraries write them" accepts is accepted, and every refused form answers its code.
 * Needs Node.js and the npm registry; skipped with a message where Node is absent, and required when CI=true.
 */
@GrantflowTest
class JoseEdgeTokensTest {

    static final Path SOURCES = Path.of("src/test/node");
    static final Path WORK = Path.of("target/jose-edge");
    static final ObjectMapper JSON = new ObjectMapper();

    static Process signer;
    static Writer requests;
    static BufferedReader tokens;

    @LocalServerPort
    int port;
    @Autowired
    Licenses licenses;
    @Autowired
    TransactionTemplate tx;

    Http http;
    EdgeKeyPair home;
    String systemId;

    @BeforeAll
    static void startJose() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean node = new ProcessBuilder("sh", "-c", "command -v node && command -v npm").start().waitFor() == 0;
        Assumptions.assumeTrue(node || ci, "Node.js is not installed: jose-signed edge tokens skipped");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "sign.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                .redirectErrorStream(true).start();
        String log = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
        assertThat(install.exitValue()).as(log).isZero();
        signer = new ProcessBuilder("node", "sign.mjs").directory(WORK.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        requests = new java.io.OutputStreamWriter(signer.getOutputStream(), StandardCharsets.UTF_8);
        tokens = new BufferedReader(new InputStreamReader(signer.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopJose() {
        if (signer != null) {
            signer.destroy();
        }
    }

    @BeforeEach
    void linkHomeSystem() {
        http = Http.at(port);
        home = EdgeKeyPair.create("SYS-J" + UUID.randomUUID().toString().substring(0, 12).toUpperCase());
        Http.Response linked = http.as("operator").postJson("/api/v1/systems",
                Map.of("accountId", "ACME", "label", "jose HOME", "systemKey", home.publicJwk()));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        systemId = linked.json().path("systemId").asText();
    }

    /** Signs with jose: header fields beside alg, claims as given, a fresh jti, exp {@code ttl} from now. */
    static String jose(EdgeKeyPair key, Map<String, Object> header, Map<String, Object> claims, boolean iat, Duration ttl) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jwk", key.privateKey().toJSONObject());
        request.put("header", header);
        request.put("claims", claims);
        request.put("iat", iat);
        request.put("ttl", ttl.toSeconds());
        requests.write(JSON.writeValueAsString(request) + "\n");
        requests.flush();
        String token = tokens.readLine();
        assertThat(token).as("jose signed a token").isNotNull().contains(".");
        return token;
    }

    String callIn(Map<String, Object> header, Object aud, boolean iat, Duration ttl, EdgeKeyPair signedBy, String iss) throws IOException {
        return jose(signedBy, header, Map.of("iss", iss, "sub", iss, "aud", aud), iat, ttl);
    }

    String callIn(Map<String, Object> header, Object aud) throws IOException {
        return callIn(header, aud, true, Duration.ofMinutes(5), home, systemId);
    }

    Http.Response send(String scheme, String token) {
        return http.send(http.builder("/api/v1/edge/call-in").header("Authorization", scheme + " " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"receipts\":[],\"revokeKeys\":[]}")));
    }

    @Test
    void callInsInEveryStandardFormAreAccepted() throws Exception {
        List<Http.Response> answers = List.of(
                send("Bearer", callIn(Map.of("typ", "callin+jwt"), "grantflow")),
                send("bearer", callIn(Map.of("typ", "application/callin+jwt"), "grantflow")),
                send("BEARER", callIn(Map.of("typ", "CALLIN+JWT"), "grantflow")),
                send("Bearer", callIn(Map.of("typ", "callin+jwt"), List.of("other", "grantflow"))),
                send("Bearer", callIn(Map.of("typ", "callin+jwt", "kid", "home-key-2026"), "grantflow")));
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("edgeId").asText()).isEqualTo(systemId);
        });
        assertThat(http.as("operator").get("/api/v1/systems/" + systemId).json().path("online").asBoolean()).isTrue();
    }

    @Test
    void callInsInRefusedFormsAnswerTheirCodes() throws Exception {
        EdgeKeyPair stranger = EdgeKeyPair.create("SYS-STRANGER");
        Map<String, Object> callin = Map.of("typ", "callin+jwt");
        assertRefused(send("Bearer", callIn(Map.of("typ", "update+jwt"), "grantflow")), "token-wrong-type");
        assertRefused(send("Bearer", callIn(Map.of("typ", "application/jwt"), "grantflow")), "token-wrong-type");
        assertRefused(send("Bearer", callIn(callin, List.of("other"))), "token-wrong-audience");
        assertRefused(send("Bearer", callIn(callin, "grantflow", false, Duration.ofMinutes(5), home, systemId)), "token-malformed");
        assertRefused(send("Bearer", callIn(callin, "grantflow", true, Duration.ofMinutes(11), home, systemId)), "token-lifetime-too-long");
        assertRefused(send("Bearer", callIn(callin, "grantflow", true, Duration.ofMinutes(5), stranger, systemId)), "token-invalid-signature");
        assertRefused(send("Bearer", callIn(callin, "grantflow", true, Duration.ofMinutes(5), home, "SYS-NOT-LINKED")), "token-unknown-key");
        assertThat(http.as("operator").get("/api/v1/systems/" + systemId).json().has("lastSeenAt"))
                .as("a refused call-in is not a sign of life").isFalse();
        String once = callIn(callin, "grantflow");
        assertThat(send("Bearer", once).status()).isEqualTo(200);
        assertRefused(send("Bearer", once), "token-replayed");
    }

    @Test
    void aReceiptSignedByJoseInAStandardFormActivatesTheInstallation() throws Exception {
        String licenseId = "LIC-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        tx.executeWithoutResult(s -> licenses.create(licenseId, "ACME", 10, now.plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair installation = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        Http.Response added = http.as("integrator").postJson("/api/v1/licenses/" + licenseId + "/remote-activations",
                Map.of("installationId", installation.id(), "installationKey", installation.publicJwk(), "seats", 3,
                        "expiresAt", now.plus(Duration.ofDays(100)).toString()));
        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        String activation = added.json().path("activationId").asText();
        String connection = http.as("integrator").get("/api/v1/remote-activations/" + activation + "/connection-token").body();
        String connectionJti = SignedJWT.parse(connection).getJWTClaimsSet().getJWTID();

        String receipt = jose(installation, Map.of("typ", "application/receipt+jwt", "kid", "rcc-plant-7"),
                Map.of("iss", installation.id(), "sub", activation, "aud", List.of("grantflow", "vendor-portal"), "connection_jti", connectionJti),
                true, Duration.ofMinutes(5));
        Http.Response accepted = http.anonymous().post("/api/v1/remote-activations/" + activation + "/receipts", "application/jwt", receipt);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().path("connectionJti").asText()).isEqualTo(connectionJti);
    }

    static void assertRefused(Http.Response r, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
    }
}
