package io.grantflow.notify;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Notices whose send failed (the mail server was down) are tried again every {@code resubmit-interval}, not only at
 * the next start: each incomplete event publication at least that old is handed to its listener once more. Skipped
 * while this node is still working off earlier sends, so a long outage does not pile up the same notices.
 */
@Component
class UnsentNotices {

    private final IncompleteEventPublications publications;
    private final ThreadPoolTaskExecutor sends;
    private final NotificationProperties properties;

    UnsentNotices(IncompleteEventPublications publications, @Qualifier(NotificationConfig.EXECUTOR) ThreadPoolTaskExecutor sends,
            NotificationProperties properties) {
        this.publications = publications;
        this.sends = sends;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${grantflow.notifications.resubmit-interval:PT15M}",
            fixedDelayString = "${grantflow.notifications.resubmit-interval:PT15M}")
    void resubmit() {
        if (sends.getActiveCount() > 0 || sends.getQueueSize() > 0) {
            return;
        }
        publications.resubmitIncompletePublicationsOlderThan(properties.resubmitInterval());
    }
}
