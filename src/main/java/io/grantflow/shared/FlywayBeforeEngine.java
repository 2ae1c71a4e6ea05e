package io.grantflow.shared;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flyway migrates before the engine starts. Without this, a bean that asks for an engine service before any
 * JdbcTemplate user is created boots the engine first; its tables then make Flyway refuse the "non-empty schema".
 */
@Configuration(proxyBeanMethods = false)
class FlywayBeforeEngine {

    @Bean
    static BeanFactoryPostProcessor flywayBeforeProcessEngine() {
        return beanFactory -> dependOnFlyway(beanFactory, "processEngineFactoryBean");
    }

    private static void dependOnFlyway(ConfigurableListableBeanFactory beanFactory, String beanName) {
        if (!beanFactory.containsBeanDefinition(beanName) || !beanFactory.containsBeanDefinition("flywayInitializer")) {
            return;
        }
        BeanDefinition engine = beanFactory.getBeanDefinition(beanName);
        Set<String> dependsOn = new LinkedHashSet<>();
        if (engine.getDependsOn() != null) {
            dependsOn.addAll(Arrays.asList(engine.getDependsOn()));
        }
        dependsOn.add("flywayInitializer");
        engine.setDependsOn(dependsOn.toArray(String[]::new));
    }
}
