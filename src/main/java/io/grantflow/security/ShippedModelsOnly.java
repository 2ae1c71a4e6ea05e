package io.grantflow.security;

import io.grantflow.shared.EngineInterceptors;

import io.grantflow.protocol.Refusal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.engine.impl.repository.DeploymentBuilderImpl;
import org.camunda.bpm.engine.repository.Resource;
import org.springframework.stereotype.Component;

/**
 * The engine deploys only the models the jar ships, byte for byte: every deployment, at every door (the webapps,
 * {@code /engine-rest}, the Java API) and by anyone, admin included, is refused with {@code 403 deployment-refused}
 * unless each resource it would deploy — those it brings and those it takes over from earlier deployments (a
 * redeploy) — is one of {@link ShippedModels}. The start's own deployment (and every node's in a cluster) passes, so
 * does a rollout's changed model, which the new jar ships. The check is keyed on the engine's deploy command, before
 * it runs: a refused model is never parsed, so nothing in it (a timer's expression is evaluated while deploying) runs.
 */
@Component
class ShippedModelsOnly extends AbstractProcessEnginePlugin {

    // The engine offers no getter for the builder a deploy command carries.
    private static final Field BUILDER;

    static {
        try {
            BUILDER = DeployCmd.class.getDeclaredField("deploymentBuilder");
            BUILDER.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this engine's DeployCmd has no deploymentBuilder", e);
        }
    }

    private final ShippedModels models;

    ShippedModelsOnly(ShippedModels models) {
        this.models = models;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        EngineInterceptors.beforeCommands(configuration, new Interceptor(configuration));
        EngineInterceptors.beforeCommandsInTheirOwnTransaction(configuration, new Interceptor(configuration));
    }

    private final class Interceptor extends CommandInterceptor {

        private final ProcessEngineConfigurationImpl configuration;

        Interceptor(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
        }

        @Override
        public <T> T execute(Command<T> command) {
            if (command instanceof DeployCmd deploy) {
                check(builder(deploy));
            }
            return next.execute(command);
        }

        private void check(DeploymentBuilderImpl builder) {
            for (Map.Entry<String, byte[]> resource : resources(builder).entrySet()) {
                if (!models.allows(resource.getKey(), resource.getValue())) {
                    String detail = "Grantflow deploys only the models it ships, unchanged; '" + resource.getKey()
                            + "' is not one of them. Deploy a model by shipping it in Grantflow's processes/ folder.";
                    AuthorizationException refusal = new AuthorizationException(detail);
                    // /engine-rest answers the cause's problem; the webapps answer an AuthorizationException with 403
                    refusal.initCause(Refusal.DEPLOYMENT_REFUSED.exception(detail));
                    throw refusal;
                }
            }
        }

        /** What the deployment would hold: the resources it brings and those it names from earlier deployments. */
        private Map<String, byte[]> resources(DeploymentBuilderImpl builder) {
            Map<String, byte[]> all = new LinkedHashMap<>();
            Map<String, ResourceEntity> own = builder.getDeployment().getResources();
            if (own != null) {
                own.forEach((name, r) -> all.put(name, r.getBytes() == null ? new byte[0] : r.getBytes()));
            }
            RepositoryService repository = configuration.getRepositoryService();
            for (String deploymentId : builder.getDeployments()) {
                for (Resource r : repository.getDeploymentResources(deploymentId)) {
                    all.put(deploymentId + "/" + r.getName(), bytes(repository, deploymentId, r.getId()));
                }
            }
            builder.getDeploymentResourcesById().forEach((deploymentId, ids) -> {
                for (String id : ids) {
                    all.put(deploymentId + "/" + id, bytes(repository, deploymentId, id));
                }
            });
            builder.getDeploymentResourcesByName().forEach((deploymentId, names) -> {
                for (String name : names) {
                    try (InputStream in = repository.getResourceAsStream(deploymentId, name)) {
                        all.put(deploymentId + "/" + name, in.readAllBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            return all;
        }

        private static byte[] bytes(RepositoryService repository, String deploymentId, String resourceId) {
            try (InputStream in = repository.getResourceAsStreamById(deploymentId, resourceId)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static DeploymentBuilderImpl builder(DeployCmd deploy) {
            try {
                return (DeploymentBuilderImpl) BUILDER.get(deploy);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
