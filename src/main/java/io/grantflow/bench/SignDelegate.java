package io.grantflow.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.protocol.JwsChecks;
import java.util.Date;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** engine-baseline-signed: the one ES256 signature the reference adds, and nothing else (no table, no variable). */
public class SignDelegate implements JavaDelegate {

    private static final ECDSASigner SIGNER;
    private static final String KID;

    static {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
            SIGNER = new ECDSASigner(key);
            KID = key.getKeyID();
        } catch (JOSEException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void execute(DelegateExecution execution) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("bench+jwt")).keyID(KID).build(),
                new JWTClaimsSet.Builder().subject(execution.getProcessInstanceId()).jwtID(UUID.randomUUID().toString())
                        .issueTime(new Date()).build());
        JwsChecks.signLowS(jwt, SIGNER);
    }
}
