package io.grantflow.edge;

import io.grantflow.protocol.GrantflowException;
import io.grantflow.tokens.EdgeKeys;
import io.grantflow.protocol.TokenException;
import io.grantflow.protocol.TokenType;
import io.grantflow.tokens.EdgeTokens;
import io.grantflow.tokens.VerifiedToken;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
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
class EdgeCallInController {

    private final EdgeTokens edgeTokens;
    private final EdgeKeys edgeKeys;
    private final List<CallInHandler> handlers;
    private final TransactionTemplate tx;
    private final Clock clock;

    EdgeCallInController(EdgeTokens edgeTokens, EdgeKeys edgeKeys, List<CallInHandler> handlers,
            TransactionTemplate tx, Clock clock) {
        this.edgeTokens = edgeTokens;
        this.edgeKeys = edgeKeys;
        this.handlers = handlers;
        this.tx = tx;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/edge/call-in", produces = MediaType.APPLICATION_JSON_VALUE)
    CallInAnswer callIn(@RequestHeader(name = "Authorization", required = false) String authorization,
            @Valid @RequestBody(required = false) CallInRequest body) {
        VerifiedToken bearer = authenticate(authorization);
        EdgeKeys.EdgeKey edge = edgeKeys.find(bearer.issuer()).orElseThrow();
        CallIn callIn = new CallIn(edge.edgeId(), edge.kind(), edge.accountId(),
                body == null || body.receipts() == null ? List.of() : body.receipts(),
                body == null || body.revokeKeys() == null ? List.of() : body.revokeKeys(), clock.instant());
        CallInAnswer answer = new CallInAnswer(edge.edgeId(), clock.instant().toString());
        handlers.forEach(h -> h.handle(callIn, answer));
        return answer;
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
