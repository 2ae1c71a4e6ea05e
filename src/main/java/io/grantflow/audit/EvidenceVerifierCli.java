package io.grantflow.audit;

import io.grantflow.protocol.Refusal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar grantflow.jar verify-evidence --jwks URL|FILE BUNDLE|-}: checks an evidence bundle's signature
 * against Grantflow's published keys, with no database and no engine, and prints what it covers.
 */
public final class EvidenceVerifierCli {

    private static final int MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

    private EvidenceVerifierCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String jwks = null;
        String bundle = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--jwks") && i + 1 < args.length) {
                jwks = args[++i];
            } else if (args[i].equals("--help")) {
                out.println("usage: verify-evidence --jwks URL|FILE BUNDLE.jwt|-");
                return 0;
            } else {
                bundle = args[i];
            }
        }
        if (jwks == null || bundle == null) {
            err.println("usage: verify-evidence --jwks URL|FILE BUNDLE.jwt|-");
            return 2;
        }
        try {
            JWKSet keys = JWKSet.parse(read(jwks));
            String compact = read(bundle).strip();
            SignedJWT jwt = JwsChecks.parse(compact, MAX_BUNDLE_BYTES);
            JwsChecks.type(jwt, TokenType.EVIDENCE);
            JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (!(key instanceof ECKey ec)) {
                throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "No published key with kid " + jwt.getHeader().getKeyID());
            }
            JwsChecks.signature(jwt, ec);
            JWTClaimsSet claims = JwsChecks.claims(jwt);
            Map<String, Object> evidence = claims.getJSONObjectClaim("evidence");
            @SuppressWarnings("unchecked")
            Map<String, Object> timeline = (Map<String, Object>) evidence.get("timeline");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> pools = (Map<String, Map<String, Object>>) evidence.get("ledgerVerification");
            boolean intact = pools.values().stream().allMatch(p -> Boolean.TRUE.equals(p.get("intact")));
            out.printf("evidence verified: %s, issued by %s at %s, signed with kid %s%n", claims.getSubject(), claims.getIssuer(),
                    claims.getIssueTime().toInstant(), jwt.getHeader().getKeyID());
            out.printf("  %d events, %d ledger rows, %d token records, %d process instances%n",
                    ((List<?>) timeline.get("events")).size(), ((List<?>) timeline.get("ledger")).size(),
                    ((List<?>) timeline.get("tokens")).size(), ((List<?>) timeline.get("processes")).size());
            out.printf("  ledger chains of %s: %s%n", pools.keySet(), intact ? "intact" : "BROKEN");
            return intact ? 0 : 1;
        } catch (TokenException e) {
            err.println("error: " + e.code() + ": " + e.getMessage());
            return 1;
        } catch (IOException | ParseException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static String read(String source) throws IOException {
        if (source.equals("-")) {
            return new String(System.in.readNBytes(MAX_BUNDLE_BYTES), StandardCharsets.UTF_8);
        }
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(source)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return Files.readString(Path.of(source));
    }
}
