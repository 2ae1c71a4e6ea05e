package io.grantflow.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A seeded generator of hostile input: tokens that are almost right (one thing broken, signed again with the real
 * key where that makes it sharper), and JSON values that are wrong in every way a client gets them wrong. Every
 * value it produces must be refused; none may be accidentally valid.
 */
final class HostileInput {

    static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    final Random random;

    HostileInput(long seed) {
        this.random = new Random(seed);
    }

    /** A token's parts, from which hostile variants are built. */
    record TokenSpec(String typ, String issuer, String subject, ECKey key, Map<String, Object> claims, String replayedJti) {
    }

    /** A hostile variant and what it is, for the report. */
    record Variant(String what, String token, boolean verifierRefuses) {
    }

    Variant token(TokenSpec spec) {
        int kind = random.nextInt(27);
        Instant now = Instant.now();
        return switch (kind) {
            case 0 -> new Variant("flipped character", flip(sign(spec, c -> { }, h -> { })), true);
            case 1 -> {
                String t = sign(spec, c -> { }, h -> { });
                yield new Variant("truncated", t.substring(0, random.nextInt(t.length() - 1)), true);
            }
            case 2 -> {
                String[] p = sign(spec, c -> { }, h -> { }).split("\\.");
                List<String[]> swaps = List.of(new String[] {p[1], p[0], p[2]}, new String[] {p[0], p[2], p[1]},
                        new String[] {p[2], p[1], p[0]}, new String[] {p[0], p[0], p[2]}, new String[] {p[1], p[1], p[1]});
                yield new Variant("swapped segments", String.join(".", swaps.get(random.nextInt(swaps.size()))), true);
            }
            case 3 -> new Variant("alg changed", withHeader(sign(spec, c -> { }, h -> { }), "alg",
                    pick("none", "HS256", "ES384", "RS256", "es256", "", "ES256K", "EdDSA", 256, null)), true);
            case 4 -> {
                String typ = List.of("JWT", "jwt", "update+jwt", "receipt+jwt", "revoke+jwt", "callin+jwt", "credits+jwt",
                                "connection+jwt", "evidence+jwt", "x", "\u202e" + spec.typ()).stream()
                        .filter(t -> !t.equalsIgnoreCase(spec.typ())).toList().get(random.nextInt(10));
                yield new Variant("typ changed", sign(spec, c -> { }, h -> h.type(new JOSEObjectType(typ))), true);
            }
            case 5 -> new Variant("typ removed", withHeader(sign(spec, c -> { }, h -> { }), "typ", null), true);
            case 6 -> new Variant("unknown kid, another key", signWith(spec, newKey(), c -> { }, h -> h.keyID(pick(UUID.randomUUID().toString(), "",
                    "../../keys", "x".repeat(500), "\u0000").toString())), true);
            case 7 -> {
                ECKey attacker = newKey();
                ECKey signer = attacker;
                yield new Variant("embedded jwk of another key", signWith(spec, signer,
                        c -> { }, h -> h.jwk(attacker.toPublicJWK()).keyID(attacker.getKeyID())), true);
            }
            case 8 -> new Variant("crit header", withHeader(sign(spec, c -> { }, h -> { }), "crit", List.of("exp")), true);
            case 9 -> new Variant("signed by another key", signWith(spec, newKey(), c -> { }, h -> { }), true);
            case 10 -> expired(spec, now);
            case 11 -> new Variant("not yet valid", sign(spec, c -> c.notBeforeTime(Date.from(now.plusSeconds(3600 + random.nextInt(100000)))), h -> { }), true);
            case 12 -> new Variant("issued in the future", sign(spec, c -> c.issueTime(Date.from(now.plusSeconds(3600)))
                    .expirationTime(Date.from(now.plusSeconds(3900))), h -> { }), true);
            case 13 -> new Variant("wrong audience", sign(spec, c -> {
                Object aud = pick("elsewhere", List.of("other", "elsewhere"), List.of(), "GRANTFLOW", "grantflow ");
                if (aud instanceof List<?> l) {
                    c.audience(l.stream().map(Object::toString).toList());
                } else {
                    c.audience(aud.toString());
                }
            }, h -> { }), true);
            case 14 -> new Variant("no audience", sign(spec, c -> c.audience((String) null), h -> { }), true);
            case 15 -> new Variant("unknown issuer", sign(spec, c -> c.issuer(pick("SYS-NOPE" + random.nextInt(1000), "", "\u00e9\u4e2d\ud83d\ude00",
                    "x".repeat(300), "' OR 1=1 --").toString()), h -> { }), true);
            case 16 -> {
                Object jti = pick(null, "", " ", "j".repeat(101));
                yield new Variant("no usable jti", sign(spec, c -> c.jwtID(jti == null ? null : jti.toString()), h -> { }), true);
            }
            case 17 -> random.nextBoolean()
                    ? new Variant("time claim of the wrong type", withClaim(spec, pick("exp", "iat", "nbf"),
                            pick("tomorrow", "1700000000", List.of(1, 2), Map.of("a", 1), true)), true)
                    : random.nextBoolean()
                    ? new Variant("string claim of the wrong type", withClaim(spec, pick("aud", "iss"), pick(12, List.of(1, 2),
                            Map.of("a", 1), true)), true)
                    // a numeric jti or sub would be read as its digits: only types no parser turns into a string
                    : new Variant("string claim of the wrong type", withClaim(spec, pick("jti", "sub"), pick(List.of(1, 2),
                            Map.of("a", 1), true)), true);
            case 18 -> new Variant("payload not a JSON object", raw(spec, pick("[1,2,3]", "\"string\"", "12", "null", "{", "{\"exp\":}",
                    "\u0000\u0001").toString()), true);
            case 19 -> new Variant("deeply nested header", rawHeader(spec, "{\"alg\":\"ES256\",\"typ\":\"" + spec.typ() + "\",\"x\":"
                    + "[".repeat(2500) + "]".repeat(2500) + "}"), true);
            case 20 -> new Variant("deeply nested payload", raw(spec, "{\"iss\":\"" + spec.issuer() + "\",\"x\":" + "{\"a\":".repeat(900)
                    + "1" + "}".repeat(900) + "}"), true);
            case 21 -> new Variant("too large", sign(spec, c -> c.claim("pad", "p".repeat(9000)), h -> { }), true);
            case 22 -> new Variant("garbage", garbage(), true);
            case 23 -> spec.replayedJti() == null ? expired(spec, now)
                    : new Variant("replayed jti", sign(spec, c -> c.jwtID(spec.replayedJti()), h -> { }), true);
            case 24 -> new Variant("non-canonical base64url", nonCanonical(sign(spec, c -> { }, h -> { })), true);
            case 25 -> new Variant("wrong subject", sign(spec, c -> c.subject(pick("RA-NOPE", "CA-NOPE", "SYS-NOPE", "\u0000", "x".repeat(200),
                    spec.subject() + " ").toString()), h -> { }), false);
            default -> !spec.typ().equals("callin+jwt") ? expired(spec, now)
                    : new Variant("call-in token living too long", sign(spec, c -> c.expirationTime(new Date(
                    (long) pick(now.plusSeconds(86400).toEpochMilli(), 253402300799000L, Long.MAX_VALUE / 2))), h -> { }), true);
        };
    }

    private Variant expired(TokenSpec spec, Instant now) {
        return new Variant("expired", sign(spec, c -> c.expirationTime(Date.from(now.minusSeconds(61 + random.nextInt(100000)))), h -> { }),
                true);
    }

    /** Garbage in every shape a token field meets. */
    String garbage() {
        return switch (random.nextInt(9)) {
            case 0 -> "";
            case 1 -> "...";
            case 2 -> "a.b.c";
            case 3 -> randomString(random.nextInt(200), B64URL + ".");
            case 4 -> randomUnicode(1 + random.nextInt(100));
            case 5 -> b64(randomString(30, B64URL)) + "." + b64("{}") + "." + randomString(86, B64URL);
            case 6 -> "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
            case 7 -> "x".repeat(8193);
            default -> "Bearer " + randomString(40, B64URL);
        };
    }

    // ---- JSON values ------------------------------------------------------------------------------------------

    /** A raw JSON text that is never a valid count (seats, credits): negative, zero, huge, fractional, not a number. */
    String badCount(long aboveMax) {
        return pick("null", "-1", "0", "-0.0", "0.5", "-9223372036854775808", "9223372036854775807", "18446744073709551616",
                "1e308", "1e999", "-1e999", "\"abc\"", "\"\"", "true", "[]", "{}", "[1]", "NaN", "Infinity", "0x10",
                Long.toString(aboveMax), Long.toString(aboveMax + random.nextInt(1000000))).toString();
    }

    /** A raw JSON text that is never a usable future time for {@code field}. */
    String badTime() {
        return pick("\"yesterday\"", "\"2020-01-01T00:00:00Z\"", "\"2999-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59.999999999Z\"",
                "\"-1000000000-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"2026-13-01T00:00:00Z\"", "1e20", "-1", "0",
                "true", "[]", "{}", "\"" + randomUnicode(5) + "\"", "99999999999999999999").toString();
    }

    /** A raw JSON text that is never an existing id: unknown, empty, too long, the wrong type, injection. */
    String badId() {
        return pick("null", "\"\"", "\"   \"", "\"NOPE-" + random.nextInt(100000) + "\"", "\"" + "x".repeat(65) + "\"",
                "\"" + randomUnicode(8) + "\"", "[]", "{}", "true", "\"../../etc/passwd\"", "\"' OR '1'='1\"",
                "\"\\u0000\"").toString();
    }

    /** A raw JSON text that is never a public P-256 JWK. */
    String badJwk(ECKey valid) {
        Map<String, Object> good = valid.toPublicJWK().toJSONObject();
        List<String> options = new ArrayList<>(List.of("null", "\"\"", "\"x\"", "{}", "[]", "12345", "true",
                "{\"kty\":\"EC\"}", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}",
                "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}",
                "{\"kty\":\"RSA\",\"n\":\"" + randomString(300, B64URL) + "\",\"e\":\"AQAB\"}",
                "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"" + good.get("x") + "\",\"y\":\"" + good.get("y") + "\"}",
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + good.get("y") + "\",\"y\":\"" + good.get("x") + "\"}",
                json(valid.toJSONObject())));
        return options.get(random.nextInt(options.size()));
    }

    /** Deep nesting, 10,000 levels. */
    static String deep(int depth) {
        return random2(depth);
    }

    private static String random2(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    Object pick(Object... options) {
        return options[random.nextInt(options.length)];
    }

    String randomString(int length, String alphabet) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    String randomUnicode(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x80 + random.nextInt(0x700);
                case 2 -> 0x4e00 + random.nextInt(0x5000);
                case 3 -> 0x1f600 + random.nextInt(0x50);
                default -> 0x202a + random.nextInt(5);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    static String json(Map<String, Object> map) {
        return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(map);
    }

    // ---- token building ----------------------------------------------------------------------------------------

    String sign(TokenSpec spec, Consumer<JWTClaimsSet.Builder> claims, Consumer<JWSHeader.Builder> header) {
        return signWith(spec, spec.key(), claims, header);
    }

    String signWith(TokenSpec spec, ECKey key, Consumer<JWTClaimsSet.Builder> claims, Consumer<JWSHeader.Builder> header) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer(spec.issuer()).audience("grantflow").subject(spec.subject())
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        spec.claims().forEach(c::claim);
        claims.accept(c);
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(spec.typ())).keyID(spec.key().getKeyID());
        header.accept(h);
        SignedJWT jwt = new SignedJWT(h.build(), c.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A header parameter changed without signing again (the signature then covers the old header). */
    private String withHeader(String token, String name, Object value) {
        String[] p = token.split("\\.");
        Map<String, Object> header = parse(p[0]);
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return b64(json(header)) + "." + p[1] + "." + p[2];
    }

    /** A claim replaced by a value of the wrong type, signed again with the real key. */
    private String withClaim(TokenSpec spec, Object name, Object value) {
        String token = sign(spec, c -> { }, h -> { });
        String[] p = token.split("\\.");
        Map<String, Object> claims = parse(p[1]);
        claims.put(name.toString(), value);
        return signRaw(spec, p[0], b64(json(claims)));
    }

    private String raw(TokenSpec spec, String payload) {
        String header = sign(spec, c -> { }, h -> { }).split("\\.")[0];
        return signRaw(spec, header, b64(payload));
    }

    private String rawHeader(TokenSpec spec, String header) {
        String payload = sign(spec, c -> { }, h -> { }).split("\\.")[1];
        return signRaw(spec, b64(header), payload);
    }

    /** Signs {@code header.payload} as given, bytes and all, with the real key. */
    private String signRaw(TokenSpec spec, String header, String payload) {
        try {
            byte[] input = (header + "." + payload).getBytes(StandardCharsets.US_ASCII);
            com.nimbusds.jose.util.Base64URL signature = new ECDSASigner(spec.key()).sign(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).build(), input);
            return header + "." + payload + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One character changed for another, never to the same bytes (the signature's last character can carry none). */
    private String flip(String token) {
        String[] parts = token.split("\\.");
        for (int attempt = 0; attempt < 100; attempt++) {
            int i = random.nextInt(token.length());
            char replacement = random.nextInt(10) == 0 ? (char) (0x21 + random.nextInt(0x5e)) : B64URL.charAt(random.nextInt(64));
            if (token.charAt(i) == replacement) {
                continue;
            }
            String flipped = token.substring(0, i) + replacement + token.substring(i + 1);
            String[] f = flipped.split("\\.", -1);
            if (f.length == 3 && f[0].equals(parts[0]) && f[1].equals(parts[1])
                    && Arrays.equals(new Base64URL(f[2]).decode(), new Base64URL(parts[2]).decode())) {
                continue; // decodes to the same signature: the same token, written differently; see nonCanonical
            }
            return flipped;
        }
        return token.substring(1);
    }

    /** The same signature bytes written differently: an illegal character or changed unused bits at the end. */
    private String nonCanonical(String token) {
        return switch (random.nextInt(3)) {
            case 0 -> token + "=";
            case 1 -> {
                int at = token.lastIndexOf('.') + 1 + random.nextInt(20);
                yield token.substring(0, at) + pick("!", "*", "\u00e9", "+", "/", "=") + token.substring(at);
            }
            default -> {
                char last = token.charAt(token.length() - 1);
                int index = B64URL.indexOf(last);
                // 64 signature bytes are 86 characters; the last carries 2 bits, 4 unused: set one of them
                yield token.substring(0, token.length() - 1) + B64URL.charAt(index ^ 1);
            }
        };
    }

    private static Map<String, Object> parse(String b64) {
        try {
            return new LinkedHashMap<>(com.nimbusds.jose.util.JSONObjectUtils.parse(new Base64URL(b64).decodeToString()));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
