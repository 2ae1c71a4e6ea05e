package io.grantflow.tokens;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start refused for the signing keys' encryption key, as Spring Boot's short report instead of a page of stack trace. */
public class EncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseSigningKeyStore.EncryptionKeyRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseSigningKeyStore.EncryptionKeyRefused cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
