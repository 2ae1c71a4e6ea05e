package io.grantflow.edge;

import io.grantflow.protocol.Refusal;

import io.grantflow.protocol.CallInAnswer;
import io.grantflow.protocol.CallInRequest;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One call-in of an installation or HOME system: its {@code callin+jwt} bearer accepted (verified, jti spent),
 * then every {@link CallInHandler}'s part, merged into one answer. The endpoint and the benchmark both call this,
 * so what is measured is what the edge meets.
 */
@Service
@RequiredArgsConstructor
public class CallIns {

    private final EdgeTokens edgeTokens;
    private final List<CallInHandler> handlers;
    private final TransactionTemplate tx;
    private final Clock clock;

    /** {@code authorization} is the raw header value; {@code posted} may be null (a bare heartbeat). */
    public CallInAnswer handle(String authorization, CallInRequest posted) {
        Instant now = clock.instant();
        CallIn callIn = accept(authorization, posted, now);
        List<CallInHandler.Contribution> parts = handlers.stream().map(h -> h.handle(callIn)).toList();
        return merge(callIn.edgeId(), now.toString(), parts);
    }

    /** Every handler's part, in the handlers' order, as one answer. */
    private static CallInAnswer merge(String edgeId, String serverTime, List<CallInHandler.Contribution> parts) {
        return new CallInAnswer(edgeId, serverTime,
                all(parts, CallInHandler.Contribution::connectionTokens), all(parts, CallInHandler.Contribution::creditFiles),
                all(parts, CallInHandler.Contribution::revokes), all(parts, CallInHandler.Contribution::accepted),
                all(parts, CallInHandler.Contribution::refused));
    }

    private static <T> List<T> all(List<CallInHandler.Contribution> parts, Function<CallInHandler.Contribution, List<T>> field) {
        return parts.stream().flatMap(p -> field.apply(p).stream()).toList();
    }

    /**
     * The bearer is the edge's own proof; the call-in's sub is the edge itself. The bearer's jti is spent and every
     * handler records what it keeps of the edge ({@link CallInHandler#accepted}) in one transaction: one commit.
     */
    private CallIn accept(String authorization, CallInRequest posted, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Refusal.UNAUTHORIZED.exception("A call-in needs 'Authorization: Bearer <callin+jwt>'");
        }
        String bearer = authorization.substring(7).strip();
        try {
            return tx.execute(s -> {
                VerifiedToken token = edgeTokens.accept(bearer, TokenType.CALLIN, CallIns::selfAddressed).token();
                CallIn callIn = new CallIn(token.signer().edgeId(), token.signer().kind(), token.signer().accountId(),
                        posted == null ? List.of() : posted.receiptsOrNone(), posted == null ? List.of() : posted.revokeKeysOrNone(),
                        posted == null ? List.of() : posted.disconnectProofsOrNone(), now);
                handlers.forEach(h -> h.accepted(callIn));
                return callIn;
            });
        } catch (TokenException e) {
            // The bearer is the credential: a bad one is a failed authentication, with the token's own code.
            throw new GrantflowException(e.refusal(), 401, e.getMessage());
        }
    }

    private static VerifiedToken selfAddressed(VerifiedToken token) {
        if (!token.subject().equals(token.issuer())) {
            throw EdgeTokens.notFor("A call-in token's sub must be the caller's own id");
        }
        return token;
    }
}
