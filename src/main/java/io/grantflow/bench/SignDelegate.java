package io.grantflow.bench;

import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.TokenIssuer;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * engine-baseline-signed: the one ES256 signature the reference adds, and nothing else (no table, no variable),
 * made by Grantflow's own server signer, as its flows sign. Registered by the bench as bean {@link #BEAN}.
 */
final class SignDelegate implements JavaDelegate {

    static final String BEAN = "benchSignDelegate";

    private final TokenIssuer issuer;

    SignDelegate(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void execute(DelegateExecution execution) {
        issuer.signDocument(TokenType.EVIDENCE, execution.getProcessInstanceId(), Map.of());
    }
}
