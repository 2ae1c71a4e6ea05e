package io.grantflow.credits;

import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's bounds on credits are the configured ones the server enforces (CreditRules). */
@Configuration(proxyBeanMethods = false)
class CreditsApiDocs {

    @Bean
    OpenApiCustomizer creditsBounds(CreditsProperties properties) {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            Schema<?> assign = openApi.getComponents().getSchemas().get("AssignCredits");
            if (assign != null && assign.getProperties() != null && assign.getProperties().get("credits") != null) {
                assign.getProperties().get("credits").minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(properties.maxCreditsPerAssignment()));
            }
        };
    }
}
