package io.grantflow.tokens;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenType;
import java.text.ParseException;
import java.util.Map;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Grantflow's one JWS signer: Spring Security's {@link NimbusJwtEncoder} over the current signing key as its
 * {@link JWKSource} (ES256, {@code kid} = the key's id, {@code typ} = the token type). The answer is the token's
 * canonical low-S text ({@link JwsChecks#canonical}), the one text the registry knows it by.
 */
@Component
class ServerSigner {

    private final SigningKeys keys;
    private final NimbusJwtEncoder encoder;

    ServerSigner(SigningKeys keys) {
        this.keys = keys;
        // The header names the key (the current one, read once per token) and the source hands out the key it names,
        // so a rotation between the two cannot leave the encoder without a match. Retired keys stay published
        // for verification (SigningKeys.publicJwks) but are never named.
        JWKSource<SecurityContext> named = (selector, context) -> selector.select(new JWKSet(selector.getMatcher().getKeyIDs()
                .stream().flatMap(kid -> keys.find(kid).stream()).map(JWK.class::cast).toList()));
        this.encoder = new NimbusJwtEncoder(named);
    }

    String sign(TokenType type, JwtClaimsSet claims) {
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).keyId(keys.current().getKeyID()).type(type.typ()).build();
        String compact = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        try {
            return JwsChecks.canonical(SignedJWT.parse(compact));
        } catch (ParseException e) {
            throw new IllegalStateException("The encoder produced an unparseable " + type.typ() + " token", e);
        }
    }

    /** Claims with the type's own claims added; JwtClaimsSet keeps insertion order. */
    static JwtClaimsSet.Builder withClaims(JwtClaimsSet.Builder builder, Map<String, Object> claims) {
        claims.forEach(builder::claim);
        return builder;
    }
}
