package io.grantflow.activation;

import io.grantflow.protocol.Claims;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;

/** Which activation a token an installation signed about one of its activations (a receipt, a disconnect proof) is for. */
final class InstallationTokenSubject {

    private InstallationTokenSubject() {
    }

    /**
     * The activation the token is about: the one it was posted to (or its own {@code sub} when posted by call-in), of the
     * installation that signed it, and of the caller when a call-in authenticated one. It must name a connection token.
     *
     * @param activationId the activation the token was posted to, or null (call-in: the token's sub)
     * @param installationId the authenticated caller (call-in), or null (the token's signature is the proof)
     * @param what the token's name in a refusal, e.g. "receipt"
     */
    static RemoteActivation activation(RemoteActivationRepository activations, VerifiedToken token, String activationId,
            String installationId, String what) {
        String id = activationId == null ? token.subject() : activationId;
        if (!token.subject().equals(id)) {
            throw EdgeTokens.notFor("The " + what + " is about '" + token.subject() + "', not '" + id + "'");
        }
        if (installationId != null && !installationId.equals(token.issuer())) {
            throw EdgeTokens.notFor("The " + what + " was signed by another installation than the caller");
        }
        RemoteActivation found = activations.find(id).orElseThrow(() -> EdgeTokens.notFor("No remote activation '" + id + "'"));
        if (!found.installationId().equals(token.issuer())) {
            throw EdgeTokens.notFor("Remote activation '" + id + "' does not belong to installation '" + token.issuer() + "'");
        }
        token.stringClaim(Claims.CONNECTION_JTI);
        return found;
    }
}
