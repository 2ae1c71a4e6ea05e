package io.grantflow.edge;

import io.grantflow.protocol.CallInAnswer;
import io.grantflow.protocol.CallInRequest;
import jakarta.validation.Valid;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
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

    private final CallIns callIns;

    @PostMapping(path = "/api/v1/edge/call-in", produces = MediaType.APPLICATION_JSON_VALUE)
    CallInAnswer callIn(@RequestHeader(name = "Authorization", required = false) String authorization,
            @Valid @RequestBody(required = false) CallInRequest body) {
        return callIns.handle(authorization, body);
    }
}
