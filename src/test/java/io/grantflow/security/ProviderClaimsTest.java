package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Grantflow reads from a provider's claims: only mapped groups, whatever a group is named and whatever shape the
 * claim has; a person's user from issuer and subject alone; and no configuration under which an ID token would pass
 * for an access token.
 */
class ProviderClaimsTest {

    private static SecuritySettings.Oidc oidc(String clientId, String audience, Map<String, String> mapping) {
        return new SecuritySettings.Oidc("https://sso.example.com/realms/acme", clientId, "secret", List.of("openid"), "groups",
                mapping, "preferred_username", audience, "grantflow_account");
    }

    private static final ProviderTokens TOKENS = new ProviderTokens(oidc("grantflow-web", "grantflow",
            Map.of("licensing-desk", "operators", "grantflow-admins", "camunda-admin")));

    private static List<String> groups(Object claim) {
        return TOKENS.groups(Map.of("groups", claim));
    }

    @Test
    void aGrantflowGroupsOwnNameCountsForNothingUnlessMapped() {
        assertThat(groups(List.of("camunda-admin"))).isEmpty();
        assertThat(groups(List.of("/camunda-admin"))).isEmpty();
        assertThat(groups(List.of("operators", "auditors", "integrators"))).isEmpty();
        assertThat(groups("a,camunda-admin")).isEmpty();
        assertThat(groups("staff,camunda-admin")).isEmpty();
        assertThat(groups("camunda-admin")).isEmpty();
    }

    @Test
    void mappedGroupsCountAsArraysOrAsOneStringWithOrWithoutTheirPath() {
        assertThat(groups(List.of("licensing-desk", "marketing"))).containsExactly("operators");
        assertThat(groups(List.of("/licensing-desk", "/grantflow-admins"))).containsExactly("operators", "camunda-admin");
        assertThat(groups("licensing-desk")).containsExactly("operators");
        // one string is one name: a list inside it is not read
        assertThat(groups("licensing-desk,grantflow-admins")).isEmpty();
        assertThat(groups(List.of(1, Map.of("name", "licensing-desk")))).isEmpty();
        assertThat(TOKENS.groups(Map.of())).isEmpty();
    }

    @Test
    void theAccountClaimNamesOneAccountAsOneStringOrNone() {
        assertThat(TOKENS.account(Map.of("grantflow_account", "ACME"))).contains("ACME");
        assertThat(TOKENS.account(Map.of("grantflow_account", List.of("ACME", "GLOBEX")))).isEmpty();
        assertThat(TOKENS.account(Map.of("grantflow_account", " "))).isEmpty();
        assertThat(TOKENS.account(Map.of())).isEmpty();
        ProviderTokens noClaim = new ProviderTokens(new SecuritySettings.Oidc("https://sso.example.com/realms/acme", "grantflow-web",
                "secret", List.of("openid"), "groups", Map.of(), "preferred_username", "grantflow", null));
        assertThat(noClaim.account(Map.of("grantflow_account", "ACME"))).as("no claim configured: nobody is a customer").isEmpty();
    }

    @Test
    void aPersonIsTheirIssuerAndSubjectNeverTheirName() {
        String id = ProviderPeople.userId("https://sso.example.com/realms/acme", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        assertThat(id).matches(ProviderPeople.RESERVED.pattern())
                .isEqualTo(ProviderPeople.userId("https://sso.example.com/realms/acme", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"))
                .isNotEqualTo(ProviderPeople.userId("https://other.example.com", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
        assertThat(ProviderPeople.userId("https://sso.example.com/realms/acme", "admin")).isNotEqualTo("admin").startsWith("sso-");
        // the engine's user-id whitelist takes the shape (application.yaml's userResourceWhitelistPattern)
        assertThat(id).matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    }

    @Test
    void anAudienceEqualToTheWebClientsIdOrAMappingToNoGrantflowGroupDoesNotStart() {
        assertThatThrownBy(() -> new ProviderTokens(oidc("grantflow", "grantflow", Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience must differ from client-id");
        assertThatThrownBy(() -> new ProviderTokens(oidc("grantflow-web", "grantflow", Map.of("licensing-desk", "operator"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("group-mapping.licensing-desk");
    }
}
