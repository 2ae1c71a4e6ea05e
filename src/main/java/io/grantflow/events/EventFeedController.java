package io.grantflow.events;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/events}: the feed for clients that cannot receive webhooks. */
@RestController
@RequestMapping("/api/v1/events")
class EventFeedController {

    private final EventFeed feed;

    EventFeedController(EventFeed feed) {
        this.feed = feed;
    }

    @GetMapping
    EventFeed.Page events(@RequestParam(required = false) String after, @RequestParam(required = false) String types,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String accountId) {
        return feed.page(after, types, limit, accountId);
    }
}
