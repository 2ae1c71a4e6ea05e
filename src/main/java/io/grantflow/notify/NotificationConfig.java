package io.grantflow.notify;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Notifications are sent on threads of their own, after the step that caused them committed: a slow or absent mail
 * server never holds up a flow, and what waits in the queue is a stored event publication, so a send lost with the
 * node is sent again when it starts ({@code spring.modulith.events.republish-outstanding-events-on-restart}).
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class NotificationConfig implements AsyncConfigurer {

    static final String EXECUTOR = "notificationExecutor";

    @Bean(name = EXECUTOR)
    ThreadPoolTaskExecutor notificationExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("notify-");
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        return executor;
    }

    /** A notice not sent was logged as a warning by the notifier and stays to be sent again: no second report, no stack trace. */
    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        AsyncUncaughtExceptionHandler others = new SimpleAsyncUncaughtExceptionHandler();
        return (e, method, params) -> {
            if (!(e instanceof NotificationNotSent)) {
                others.handleUncaughtException(e, method, params);
            }
        };
    }
}
