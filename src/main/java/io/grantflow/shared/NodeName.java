package io.grantflow.shared;

import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * {@code grantflow.node-name}: a cluster node's name, used as its job executor's lock owner, so a job locked by a
 * node (in Cockpit, in {@code ACT_RU_JOB.LOCK_OWNER_}) says which node holds it, e.g. one that died. Unset, Camunda
 * picks a random id per start.
 */
@Component
class NodeName implements BeanPostProcessor {

    private final String name;

    NodeName(@Value("${grantflow.node-name:}") String name) {
        this.name = name == null ? "" : name.strip();
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof JobExecutor jobExecutor && !name.isEmpty()) {
            jobExecutor.setLockOwner(name);
        }
        return bean;
    }
}
