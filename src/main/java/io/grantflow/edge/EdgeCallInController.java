package io.grantflow.edge;

import lombok.RequiredArgsConstructor;
import io.grantflow.protocol.CallInAnswer;
import io.grantflow.protocol.CallInRequest;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/edge/call-in}: heartbeat and sync of an installation or HOME system, authenticated by a
 * fresh {@code callin+jwt} bearer signed with its registered key (single use: its jti is spent).
 */
@RestController
@RequiredArgsConstructor
class EdgeCallInController {

    private final EdgeTokens edgeTokens;
    private final EdgeKeys edgeKeys;
    private final List<CallInHandler> handlers;
    private final TransactionTemplate tx;
    private final Clock clock;

    @PostMapping(path = "/api/v1/edge/call-in", produces = MediaType.APPLICATION_JSON_VALUE)
    CallInAnswer callIn(@RequestHeader(name = "Authorization", required = false) String authorization,
            @Valid @RequestBody(required = false) CallInRequest body) {
        VerifiedToken bearer = authenticate(authorization);
        EdgeKeys.EdgeKey edge = edgeKeys.find(bearer.issuer()).orElseThrow();
        CallIn callIn = new CallIn(edge.edgeId(), edge.kind(), edge.accountId(),
                body == null ? List.of() : body.receiptsOrNone(), body == null ? List.of() : body.revokeKeysOrNone(), clock.instant());
        String serverTime = clock.instant().toString();
        List<CallInHandler.Contribution> parts = handlers.stream().map(h -> h.handle(callIn)).toList();
        return merge(edge.edgeId(), serverTime, parts);
    }

    /** Every handler's part, in the handlers' order, as one answer. */
    static CallInAnswer merge(String edgeId, String serverTime, List<CallInHandler.Contribution> parts) {
        return new CallInAnswer(edgeId, serverTime,
                all(parts, CallInHandler.Contribution::connectionTokens), all(parts, CallInHandler.Contribution::creditFiles),
                all(parts, CallInHandler.Contribution::revokes), all(parts, CallInHandler.Contribution::accepted),
                all(parts, CallInHandler.Contribution::refused));
    }

    private static <T> List<T> all(List<CallInHandler.Contribution> parts, Function<CallInHandler.Contribution, List<T>> field) {
        return parts.stream().flatMap(p -> field.apply(p).stream()).toList();
    }

    /** The bearer is the edge's own proof; the call-in's sub is the edge itself. */
    private VerifiedToken authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw GrantflowException.unauthorized("unauthorized", "A call-in needs 'Authorization: Bearer <callin+jwt>'");
        }
        String bearer = authorization.substring(7).strip();
        try {
            return tx.execute(s -> edgeTokens.accept(bearer, TokenType.CALLIN, EdgeCallInController::selfAddressed)).token();
        } catch (TokenException e) {
            // The bearer is the credential: a bad one is a failed authentication, with the token's own code.
            throw GrantflowException.unauthorized(e.code(), e.getMessage());
        }
    }

    private static VerifiedToken selfAddressed(VerifiedToken token) {
        if (!token.subject().equals(token.issuer())) {
            throw EdgeTokens.notFor("A call-in token's sub must be the caller's own id");
        }
        return token;
    }
}
