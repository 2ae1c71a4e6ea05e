package io.grantflow.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Nodes of a cluster start one after the other. Two nodes started at once on an empty PostgreSQL race for
 * Camunda's schema creation (the loser fails with a duplicate {@code pg_type} row and exits), for the first
 * signing key, the groups and authorizations and the demo data. A PostgreSQL session advisory lock, taken before
 * Flyway and the engine and released when the node is ready (after every start-up runner), makes the second node
 * wait and then find everything in place. A node killed while holding it loses its session, and with it the lock.
 * H2 (the embedded default, one node) needs no lock.
 */
@Configuration(proxyBeanMethods = false)
class ClusterStartLock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterStartLock.class);
    /** Any fixed number; other applications on the same database would have to pick the same by chance. */
    static final long LOCK_KEY = 0x6772616e74666cL; // "grantfl"

    private final DataSource dataSource;
    private Connection held;

    ClusterStartLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs before Flyway and the engine (see {@link #startLockFirst()}). */
    @Bean
    Object clusterStartLockHeld() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!"PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
            connection.close();
            return Boolean.FALSE;
        }
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            var rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")");
            rs.next();
            if (!rs.getBoolean(1)) {
                log.info("Another node is starting on this database; waiting for it to finish");
                s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        synchronized (this) {
            held = connection;
        }
        return Boolean.TRUE;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        release();
    }

    @Override
    public void destroy() {
        release();
    }

    private synchronized void release() {
        if (held == null) {
            return;
        }
        try (Connection connection = held; Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        } catch (SQLException e) {
            log.warn("Releasing the start-up lock failed ({}); closing its connection releases it", e.getMessage());
        } finally {
            held = null;
        }
    }

    @Bean
    static BeanFactoryPostProcessor startLockFirst() {
        return beanFactory -> {
            dependOn(beanFactory, "flywayInitializer", "clusterStartLockHeld");
            dependOn(beanFactory, "processEngineFactoryBean", "clusterStartLockHeld");
        };
    }

    private static void dependOn(ConfigurableListableBeanFactory beanFactory, String beanName, String dependency) {
        if (!beanFactory.containsBeanDefinition(beanName) || !beanFactory.containsBeanDefinition(dependency)) {
            return;
        }
        BeanDefinition bean = beanFactory.getBeanDefinition(beanName);
        Set<String> dependsOn = new LinkedHashSet<>();
        if (bean.getDependsOn() != null) {
            dependsOn.addAll(Arrays.asList(bean.getDependsOn()));
        }
        dependsOn.add(dependency);
        bean.setDependsOn(dependsOn.toArray(String[]::new));
    }
}
