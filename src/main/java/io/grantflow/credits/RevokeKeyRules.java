package io.grantflow.credits;

import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;

/** Which assignment a verified revoke key may settle. Pure: a refusal is the edge tokens' "not for this" refusal. */
final class RevokeKeyRules {

    private RevokeKeyRules() {
    }

    /** A system hands in revoke keys of its own assignments only; {@code found} is the key's subject, if it exists. */
    static CreditAssignment requireOwnKey(String systemId, VerifiedToken key, CreditAssignment found) {
        if (!key.issuer().equals(systemId)) {
            throw EdgeTokens.notFor("A system hands in its own revoke keys only");
        }
        if (found == null || !found.systemId().equals(systemId)) {
            throw EdgeTokens.notFor("No assignment " + key.subject() + " of " + systemId);
        }
        return found;
    }

    /** The key must be the assignment's system's, about this assignment and its credit file. */
    static CreditAssignment requireKeyFor(CreditAssignment a, VerifiedToken key) {
        if (!key.subject().equals(a.id())) {
            throw EdgeTokens.notFor("The revoke key is for " + key.subject() + ", not " + a.id());
        }
        if (!key.issuer().equals(a.systemId())) {
            throw EdgeTokens.notFor("The revoke key was signed by " + key.issuer() + ", not by the assignment's system " + a.systemId());
        }
        if (!a.fileJti().equals(key.stringClaim("file_jti"))) {
            throw EdgeTokens.notFor("The revoke key gives up another credit file than " + a.id() + "'s");
        }
        return a;
    }
}
