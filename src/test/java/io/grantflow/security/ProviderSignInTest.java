package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.support.Http;
import io.grantflow.support.SingleSignOnContext;
import io.grantflow.support.WebappSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * People who sign in through the provider (a real one the test starts, its login page, the authorization code flow)
 * are Grantflow users by their issuer and {@code sub}: one named like a local user ({@code admin}, {@code operator2})
 * neither becomes nor changes it, and a provider group named like a Grantflow group grants nothing unless mapped.
 */
class ProviderSignInTest extends SingleSignOnContext {

    @LocalServerPort
    int port;
    @Autowired
    IdentityService identity;

    @Test
    void aProviderPersonNamedLikeALocalUserIsNeitherThatUserNorChangesIt() {
        for (String name : List.of("admin", "operator2")) {
            User local = identity.createUserQuery().userId(name).singleResult();
            List<String> localGroups = groupsOf(name);
            assertThat(localGroups).as(name + " is a local user of the demo").isNotEmpty();
            PROVIDER.addPerson(name, List.of("licensing-desk"));

            WebappSession session = WebappSession.throughProvider(port, ENGINE, PROVIDER, name);
            String userId = session.who().json().path("userId").asText();
            assertThat(userId).isNotEqualTo(name).matches("sso-[0-9a-f]{32}");
            assertThat(groupsOf(userId)).containsExactly(Groups.OPERATORS);
            // the provider's name is what the person's user shows
            assertThat(identity.createUserQuery().userId(userId).singleResult().getFirstName()).isEqualTo(name);

            assertThat(groupsOf(name)).as(name + "'s memberships").isEqualTo(localGroups);
            User after = identity.createUserQuery().userId(name).singleResult();
            assertThat(after.getFirstName()).isEqualTo(local.getFirstName());
            assertThat(after.getEmail()).isEqualTo(local.getEmail());
        }
        // the local admin's password still signs in at /api (Basic is on in this context)
        assertThat(Http.at(port).as("admin").get("/api/v1/admin/api-tokens").status()).isEqualTo(200);
    }

    @Test
    void aProviderGroupNamedLikeAGrantflowGroupGrantsNothingUnlessMapped() {
        PROVIDER.addPerson("gina", List.of("camunda-admin", "operators"));
        PROVIDER.addPerson("pat", List.of("/camunda-admin"));
        PROVIDER.addPerson("sam", List.of());
        PROVIDER.idTokenClaims("sam", Map.of("groups", "a,camunda-admin"));
        PROVIDER.addPerson("stan", List.of());
        PROVIDER.idTokenClaims("stan", Map.of("groups", "camunda-admin"));
        for (String person : List.of("gina", "pat", "sam", "stan")) {
            WebappSession session = WebappSession.throughProvider(port, ENGINE, PROVIDER, person);
            String userId = session.who().json().path("userId").asText();
            assertThat(groupsOf(userId)).as(person).isEmpty();
            assertThat(session.who().json().path("authorizedApps").toString()).as(person).doesNotContain("admin");
        }
        // the mapping's name, as Keycloak's full path too, is the administrator
        PROVIDER.addPerson("ada", List.of("/grantflow-admins"));
        WebappSession ada = WebappSession.throughProvider(port, ENGINE, PROVIDER, "ada");
        assertThat(groupsOf(ada.who().json().path("userId").asText())).containsExactly(Groups.ADMINS);
        assertThat(ada.who().json().path("authorizedApps").toString()).contains("admin");
    }

    @Test
    void theAccountClaimMakesAPersonAMemberOfThatAccountOnly() {
        PROVIDER.addPerson("carla", List.of("customer-it"));
        PROVIDER.idTokenClaims("carla", Map.of("grantflow_account", "GLOBEX"));
        WebappSession carla = WebappSession.throughProvider(port, ENGINE, PROVIDER, "carla");
        assertThat(carla.page("/desk/licenses/LIC-GLOBEX").status()).as("its account's desk page").isEqualTo(200);
        Http.Response acme = carla.page("/desk/licenses/LIC-DEMO");
        assertThat(acme.status()).as("another account's: " + acme).isEqualTo(404);
        Http.Response engine = carla.engine("GET", "/task", null);
        assertThat(engine.status()).as("the webapps' engine API: " + engine).isEqualTo(404);
        assertThat(engine.code()).isEqualTo("not-found");
    }

    @Test
    void aProviderPersonsIdCannotBeTakenByALocalUser() {
        String reserved = ProviderPeople.userId(PROVIDER.issuer(), "someone-who-has-not-signed-in");
        User user = identity.newUser(reserved);
        user.setPassword("Str0ng-Passw0rd!2026");
        assertThatThrownBy(() -> identity.saveUser(user)).isInstanceOf(BadUserRequestException.class).hasMessageContaining("reserved");
        Http.Response viaRest = Http.at(port).as("admin").postJson("/engine-rest/engine/" + ENGINE + "/user/create",
                Map.of("profile", Map.of("id", reserved, "firstName", "Local"), "credentials", Map.of("password", "Str0ng-Passw0rd!2026")));
        assertThat(viaRest.status()).as(viaRest.toString()).isEqualTo(400);
        assertThat(identity.createUserQuery().userId(reserved).count()).isZero();
        // any other id is the administrator's to give
        Http.Response other = Http.at(port).as("admin").postJson("/engine-rest/engine/" + ENGINE + "/user/create",
                Map.of("profile", Map.of("id", "sso-local-user", "firstName", "Local"), "credentials", Map.of("password", "Str0ng-Passw0rd!2026")));
        assertThat(other.status()).as(other.toString()).isEqualTo(204);
        identity.deleteUser("sso-local-user");
    }

    @Test
    void theAuditorPagesParallelRequestsStaySignedIn() throws Exception {
        WebappSession audrey = WebappSession.throughProvider(port, ENGINE, PROVIDER, "audrey");
        // what the page loads at once, and Cockpit in another tab
        List<String> paths = List.of("/audit/", "/audit/audit.js", "/audit/audit.css", "/api/v1/audit/ledger/verify",
                "/webjars/bpmn-js/8.0.0/dist/assets/diagram-js.css", "/camunda/app/cockpit/" + ENGINE + "/", "/desk");
        ExecutorService browser = Executors.newFixedThreadPool(paths.size());
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<String>> answers = new ArrayList<>();
                for (String path : paths) {
                    answers.add(browser.submit(() -> {
                        Http.Response r = audrey.page(path);
                        return path + " " + r.status() + " " + r.raw().headers().allValues("Set-Cookie");
                    }));
                }
                for (Future<String> answer : answers) {
                    // a page of the auditor's (200), the desk refusing an auditor (403); never a new session or a sign-in
                    assertThat(answer.get()).as("round " + round).matches(".* (200|403) \\[]");
                }
            }
        } finally {
            browser.shutdownNow();
        }
    }

    private List<String> groupsOf(String userId) {
        return identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).sorted().toList();
    }
}
