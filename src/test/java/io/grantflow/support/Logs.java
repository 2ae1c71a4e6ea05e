package io.grantflow.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** What the application logs while a test acts: a client's mistake must leave no ERROR and no stack trace. */
public final class Logs {

    private Logs() {
    }

    /** Runs {@code action} while recording every log event of level WARN or above; answers them. */
    public static <T> List<ILoggingEvent> warningsDuring(Supplier<T> action) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            action.get();
        } finally {
            root.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }
}
