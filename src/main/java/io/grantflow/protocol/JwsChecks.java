package io.grantflow.protocol;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The checks every token passes, in the order that keeps attackers' options smallest: size before
 * parsing, algorithm before keys, keys only from our own registries, signature before any claim is
 * believed. Shared by Grantflow's verifier and the edge agent; no Spring, no engine.
 */
public final class JwsChecks {

    private JwsChecks() {
    }

    /** Size, shape, {@code alg} = ES256 only, an explicit {@code typ}, no {@code crit}. */
    public static SignedJWT parse(String compact, int maxBytes) {
        if (compact == null || compact.isBlank()) {
            throw TokenException.malformed("No token");
        }
        String token = compact.strip();
        if (token.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new TokenException(Refusal.TOKEN_TOO_LARGE, "The token is larger than " + maxBytes + " bytes");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw TokenException.malformed("Not a compact JWS (header.payload.signature)");
        }
        for (String part : parts) {
            if (!canonicalBase64Url(part)) {
                // Other spellings of the same bytes (padding, stray characters, set unused bits) would make one
                // token many: refused, so a token has exactly one text, one hash.
                throw TokenException.malformed("A token segment is not canonical base64url");
            }
        }
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw TokenException.malformed("The token header is not valid JSON");
        }
        Object alg = header.get("alg");
        if (!JWSAlgorithm.ES256.getName().equals(alg)) {
            throw new TokenException(Refusal.TOKEN_ALGORITHM_NOT_ALLOWED, "Only ES256 is accepted, not " + alg);
        }
        if (!(header.get("typ") instanceof String)) {
            throw new TokenException(Refusal.TOKEN_WRONG_TYPE, "The token has no explicit typ");
        }
        if (header.containsKey("crit")) {
            throw TokenException.malformed("Critical header parameters are not understood: " + header.get("crit"));
        }
        if (parts[2].isEmpty()) {
            throw new TokenException(Refusal.TOKEN_INVALID_SIGNATURE, "The token has no signature");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw TokenException.malformed("The token cannot be parsed");
        }
    }

    /** Only the URL-safe alphabet, no padding, and exactly the text encoding the decoded bytes gives. */
    static boolean canonicalBase64Url(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        if (part.length() % 4 == 1) {
            return false;
        }
        return Base64URL.encode(new Base64URL(part).decode()).toString().equals(part);
    }

    public static TokenType type(SignedJWT jwt, TokenType expected) {
        JOSEObjectType typ = jwt.getHeader().getType();
        TokenType actual = typ == null ? null : TokenType.ofTyp(typ.getType()).orElse(null);
        if (actual != expected) {
            throw new TokenException(Refusal.TOKEN_WRONG_TYPE, "Expected a " + expected.typ() + " token, got " + (typ == null ? "none" : typ.getType()));
        }
        return actual;
    }

    /** The key is the registered one; a {@code jwk}, {@code jku}, {@code x5u} or {@code x5c} header is never used. */
    public static void signature(SignedJWT jwt, ECKey registeredKey) {
        if (!Curve.P_256.equals(registeredKey.getCurve())) {
            throw new TokenException(Refusal.TOKEN_UNKNOWN_KEY, "The registered key is not a P-256 key");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(registeredKey.toPublicJWK()))) {
                throw new TokenException(Refusal.TOKEN_INVALID_SIGNATURE, "The signature does not verify");
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new TokenException(Refusal.TOKEN_INVALID_SIGNATURE, "The signature does not verify");
        }
    }

    public static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw TokenException.malformed("The token's claims are not a JSON object");
        }
    }

    /** {@code aud} is a string or an array (RFC 7519 §4.1.3); either way it must name {@code expected}. */
    public static void audience(JWTClaimsSet claims, String expected) {
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(expected)) {
            throw new TokenException(Refusal.TOKEN_WRONG_AUDIENCE, "The token is not addressed to " + expected);
        }
    }

    /** {@code exp} is required; {@code nbf} and {@code iat} may not lie ahead beyond the leeway. */
    public static void times(JWTClaimsSet claims, Instant now, Duration leeway) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw TokenException.malformed("The token has no exp");
        }
        if (exp.toInstant().plus(leeway).isBefore(now)) {
            throw new TokenException(Refusal.TOKEN_EXPIRED, "The token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(leeway).isAfter(now)) {
            throw new TokenException(Refusal.TOKEN_NOT_YET_VALID, "The token is not valid before " + nbf.toInstant());
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().minus(leeway).isAfter(now)) {
            throw new TokenException(Refusal.TOKEN_NOT_YET_VALID, "The token was issued in the future, at " + iat.toInstant());
        }
    }

    /**
     * The jti a token says it has, read without verifying anything: only to name a refused token back to its sender.
     * Null when the text is no readable JWS.
     */
    public static String unverifiedJti(String compact) {
        try {
            String jti = SignedJWT.parse(compact.strip()).getJWTClaimsSet().getJWTID();
            return jti != null && jti.length() <= 100 && PlainCharacters.isPlain(jti) ? jti : null;
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    public static String requireJti(JWTClaimsSet claims) {
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > 100 || !PlainCharacters.isPlain(jti)) {
            throw TokenException.malformed("The token has no usable jti");
        }
        return jti;
    }

    /**
     * The claims Grantflow looks up and stores ({@code iss}, {@code sub}) are plain ({@link PlainCharacters}): a NUL
     * would not even reach PostgreSQL, a bidi control or an invisible character would make a subject read otherwise.
     */
    public static void plainIdentifiers(JWTClaimsSet claims) {
        for (String value : new String[] {claims.getIssuer(), claims.getSubject()}) {
            if (value != null && !PlainCharacters.isPlain(value)) {
                throw TokenException.malformed("The token's iss or sub holds control, bidi-control or invisible characters");
            }
        }
    }

    /** The order n of P-256; a signature (r, s) and its twin (r, n - s) verify alike. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger P256_HALF_ORDER = P256_ORDER.shiftRight(1);

    /**
     * The canonical text of an ES256 token: the same header and payload with the low-S form of its signature. ECDSA
     * has two valid signatures for every one, (r, s) and (r, n - s); JOSE libraries produce either, so both are
     * accepted, but the registry knows a token by this one text, and Grantflow only ever signs in it.
     */
    public static String canonical(SignedJWT jwt) {
        String compact = jwt.serialize();
        return compact.substring(0, compact.lastIndexOf('.') + 1) + lowS(jwt.getSignature());
    }

    /** Signs with ES256 and answers the token's canonical (low-S) text; the edge's signer's (the server's: ServerSigner). */
    static String signLowS(SignedJWT jwt, JWSSigner signer) throws JOSEException {
        jwt.sign(signer);
        return canonical(jwt);
    }

    /** The R || S signature with S replaced by n - S when S lies in the upper half; other lengths are left as they are. */
    static Base64URL lowS(Base64URL signature) {
        byte[] rs = signature.decode();
        if (rs.length != 64) {
            return signature;
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
        if (s.compareTo(P256_HALF_ORDER) <= 0 || s.compareTo(P256_ORDER) >= 0) {
            return signature;
        }
        byte[] low = P256_ORDER.subtract(s).toByteArray();
        byte[] out = Arrays.copyOf(rs, 64);
        Arrays.fill(out, 32, 64, (byte) 0);
        int copy = Math.min(low.length, 32);
        System.arraycopy(low, low.length - copy, out, 64 - copy, copy);
        return Base64URL.encode(out);
    }

    /** True when the token's signature is in low-S form (or not an R || S pair at all). */
    public static boolean isLowS(SignedJWT jwt) {
        return lowS(jwt.getSignature()).equals(jwt.getSignature());
    }

    public static String sha256(String compact) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(compact.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
