package io.grantflow.support;

import oidcprovider.OidcProvider;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Grantflow connected to a real OpenID Connect provider that the tests start ({@link OidcProvider}): its own database
 * and engine ("sso"), so the shared test context keeps its demo logins. Test classes that extend this share one
 * provider and one Grantflow context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:grantflow-sso;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "grantflow.data-dir=target/test-data-sso",
        // Camunda keeps engines in a static registry by name; the shared test context's is "default"
        "camunda.bpm.process-engine-name=sso",
        "grantflow.security.oidc.client-id=" + OidcProvider.WEB_CLIENT,
        "grantflow.security.oidc.client-secret=" + OidcProvider.WEB_SECRET,
        "grantflow.security.oidc.group-mapping.licensing-desk=operators",
        "grantflow.security.oidc.group-mapping.licensing-audit=auditors",
        "grantflow.security.oidc.group-mapping.portal-clients=integrators",
        "grantflow.security.oidc.group-mapping.grantflow-admins=camunda-admin",
        "grantflow.security.oidc.group-mapping.customer-it=customer-admin",
        "grantflow.security.oidc.account-claim=grantflow_account"})
@ActiveProfiles("test")
public abstract class SingleSignOnContext {

    protected static final OidcProvider PROVIDER = OidcProvider.start();
    protected static final String ENGINE = "sso";

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("grantflow.security.oidc.issuer-uri", PROVIDER::issuer);
    }
}
