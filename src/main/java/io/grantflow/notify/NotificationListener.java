package io.grantflow.notify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Spring Modulith's {@code @ApplicationModuleListener}, on the notifications' own executor and also for events
 * published outside a transaction (the revoke-key check): the event is stored in the event publication registry when
 * it is published, the listener runs once the publisher committed, in a transaction of its own, and the publication
 * is complete only when the listener returned. A listener that throws leaves it incomplete, to be resubmitted.
 */
@Async(NotificationConfig.EXECUTOR)
@Transactional(propagation = Propagation.REQUIRES_NEW)
@TransactionalEventListener(fallbackExecution = true)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface NotificationListener {
}
