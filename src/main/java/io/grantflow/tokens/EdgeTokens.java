package io.grantflow.tokens;

import io.grantflow.protocol.Refusal;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import org.springframework.stereotype.Component;

/**
 * The one way a flow accepts a token signed by an installation or HOME system: verified (the registered key of its
 * {@code iss}, type, audience, times, size, not used before), bound to what the flow expects it to name, used, and
 * its jti spent in the caller's transaction. A refusal at any of these steps is counted
 * ({@code grantflow.tokens.refused}) and, thrown, changes nothing.
 */
@Component
@RequiredArgsConstructor
public class EdgeTokens {

    /** What the flow expects the token to name (its activation, assignment, the caller itself): the bound thing, or a refusal. */
    @FunctionalInterface
    public interface Binding<T> {
        T bind(VerifiedToken token);
    }

    /** What the flow does with the accepted token, in the caller's transaction; says which flow the token belongs to. */
    @FunctionalInterface
    public interface Use<T, R> {
        Used<R> use(VerifiedToken token, T bound);
    }

    /** The outcome of a use and the process instance the spent token is recorded against (null: none). */
    public record Used<R>(R result, String processInstanceId) {

        public static <R> Used<R> in(String processInstanceId, R result) {
            return new Used<>(result, processInstanceId);
        }
    }

    /** A token bound to what it names, its jti spent. */
    public record Accepted<T>(VerifiedToken token, T bound) {
    }

    private final TokenVerifier verifier;
    private final TokenRecords records;

    /** The refusal a binding throws when the token names something that is not its signer's (or not the flow's). */
    public static TokenException notFor(String detail) {
        return new TokenException(Refusal.TOKEN_UNKNOWN_SUBJECT, detail);
    }

    /** Accepts a token that belongs to no flow (a call-in's bearer). */
    public <T> Accepted<T> accept(String compact, TokenType type, Binding<T> binding) {
        return accept(compact, type, binding, (token, bound) -> Used.in(null, new Accepted<>(token, bound)));
    }

    /**
     * Verifies, binds, spends and uses, in that order: the jti is spent before the use, so what the use moves can
     * name the token as its proof (the ledger and the receipt guards look it up), and is then recorded against the
     * flow the use names (a start knows its flow only after it). A use that fails undoes the spend with the caller's
     * transaction.
     */
    public <T, R> R accept(String compact, TokenType type, Binding<T> binding, Use<T, R> use) {
        VerifiedToken token = verifier.verifyFromEdge(compact, type); // counts its own refusals
        try {
            T bound = binding.bind(token);
            records.accept(token, null);
            Used<R> used = use.use(token, bound);
            if (used.processInstanceId() != null) {
                records.belongsTo(token, used.processInstanceId());
            }
            return used.result();
        } catch (TokenException refused) {
            verifier.countRefusal(type, refused.code());
            throw refused;
        }
    }
}
