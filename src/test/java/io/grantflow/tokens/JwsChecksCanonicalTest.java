package io.grantflow.tokens;

import io.grantflow.protocol.JwsChecks;
import io.grantflow.protocol.TokenException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

/** One token, one text: other spellings of the same bytes are refused before the signature is checked. */
class JwsChecksCanonicalTest {

    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static String token() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("callin+jwt")).build(),
                new JWTClaimsSet.Builder().subject("x").build());
        jwt.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
        return jwt.serialize();
    }

    @Test
    void parseWhenSignatureHasSetUnusedBitsOrStrayCharactersThenMalformed() throws Exception {
        String token = token();
        assertThat(JwsChecks.parse(token, 8192)).isNotNull();
        char last = token.charAt(token.length() - 1);
        String unusedBitSet = token.substring(0, token.length() - 1) + B64URL.charAt(B64URL.indexOf(last) ^ 1);
        for (String variant : new String[] {unusedBitSet, token + "=", token.replaceFirst("\\.", ".!"), token + "*"}) {
            assertThatThrownBy(() -> JwsChecks.parse(variant, 8192)).as(variant)
                    .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.code()).isEqualTo("token-malformed"));
        }
    }
}
