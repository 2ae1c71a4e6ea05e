package io.grantflow.credits;

import io.grantflow.shared.Paging;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.web.bind.annotation.RequestParam;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionController {

    private final Subscriptions subscriptions;
    private final CreditLists lists;

    SubscriptionController(Subscriptions subscriptions, CreditLists lists) {
        this.subscriptions = subscriptions;
        this.lists = lists;
    }

    @GetMapping
    Paging.Page<Subscription> list(
            @Parameter(description = Paging.ACCOUNT_DOC) @RequestParam(required = false) String accountId,
            @Parameter(description = "Only subscriptions in this state; another value is 400 `invalid-state`",
                    schema = @Schema(implementation = SubscriptionState.class)) @RequestParam(required = false) String state,
            @Parameter(description = Paging.LIMIT_DOC, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = Paging.CURSOR_DOC) @RequestParam(required = false) String cursor, HttpServletRequest http) {
        Paging.Request page = Paging.request(http.getParameterMap(), Set.of("accountId", "state"), limit, cursor);
        return lists.subscriptions(accountId, Paging.state(SubscriptionState.class, state), page);
    }

    @GetMapping("/{id}")
    Subscription get(@PathVariable String id) {
        return subscriptions.get(id);
    }
}
