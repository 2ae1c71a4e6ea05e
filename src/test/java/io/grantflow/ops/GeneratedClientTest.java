package io.grantflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import grantflowclient.ApiClient;
import grantflowclient.ApiException;
import grantflowclient.api.CreditsApi;
import grantflowclient.api.RemoteActivationsApi;
import grantflowclient.api.SigningKeysApi;
import grantflowclient.model.ActivationStarted;
import grantflowclient.model.ActivationView;
import grantflowclient.model.AddActivation;
import grantflowclient.model.AssignCredits;
import grantflowclient.model.AssignmentStarted;
import grantflowclient.model.AssignmentView;
import grantflowclient.model.EcPublicJwk;
import grantflowclient.model.JwkSet;
import grantflowclient.model.LinkSystem;
import grantflowclient.model.Linked;
import grantflowclient.model.ReceiptAccepted;
import grantflowclient.model.TokenBody;
import io.grantflow.activation.Licenses;
import io.grantflow.credits.SubscriptionState;
import io.grantflow.credits.Subscriptions;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The contract is usable: a Java client generated from {@code docs/openapi.json} by openapi-generator (the pom's
 * {@code grantflow-client} execution, as an integrator would generate it) drives a remote activation and a credit
 * assignment, and every token it downloads verifies against the JWKS it reads through the same client.
 */
@GrantflowTest
class GeneratedClientTest {

    @LocalServerPort
    int port;

    @Autowired
    Licenses licenses;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ManagementService management;

    /** @param user a demo user (its password is its name), or null for the public endpoints */
    ApiClient client(String user) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        if (user == null) {
            return client;
        }
        String basic = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + basic));
        return client;
    }

    @Test
    void aGeneratedClientAddsARemoteActivationAndTheReceiptMakesItActive() throws Exception {
        String licenseId = "LIC-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        tx.executeWithoutResult(s -> licenses.create(licenseId, "ACME", 20, now.plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair installation = EdgeKeyPair.create("INST-" + UUID.randomUUID());
        RemoteActivationsApi activations = new RemoteActivationsApi(client("integrator"));

        ActivationStarted started = activations.addRemoteActivation(licenseId, new AddActivation()
                .installationId(installation.id()).installationKey(jwk(installation)).seats(7L)
                .expiresAt(OffsetDateTime.ofInstant(now.plus(Duration.ofDays(200)), ZoneOffset.UTC)), UUID.randomUUID().toString());
        assertThat(started.getActivationId()).isNotBlank();
        assertThat(activations.getRemoteActivation(started.getActivationId()).getState()).isEqualTo(ActivationView.StateEnum.PENDING);

        SignedJWT connection = SignedJWT.parse(read(activations.getActivationConnectionTokenWithHttpInfo(started.getActivationId()).getData()));
        assertThat(connection.getHeader().getType().getType()).isEqualTo("connection+jwt");
        assertThat(connection.verify(new ECDSAVerifier(grantflowKey(connection.getHeader().getKeyID())))).isTrue();

        String receipt = installation.token("receipt+jwt", started.getActivationId()).issuedAt(Instant.now())
                .ttl(Duration.ofMinutes(5)).claim("connection_jti", connection.getJWTClaimsSet().getJWTID()).sign();
        ReceiptAccepted accepted = new RemoteActivationsApi(client("operator")).postReceipt(started.getActivationId(), new TokenBody().token(receipt));
        assertThat(accepted.getConnectionJti()).isEqualTo(connection.getJWTClaimsSet().getJWTID());
        runJobs(started.getProcessInstanceId());

        ActivationView active = activations.getRemoteActivation(started.getActivationId());
        assertThat(active.getState()).isEqualTo(ActivationView.StateEnum.ACTIVE);
        assertThat(active.getSeats()).isEqualTo(7L);
        assertThat(active.getConnectionTokenApplied()).isTrue();
        assertThat(activations.getLicense(licenseId).getAllocated()).isEqualTo(7L);
    }

    @Test
    void aGeneratedClientLinksASystemAssignsCreditsAndDownloadsAFileThatVerifies() throws Exception {
        String subscriptionId = "SUB-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        tx.executeWithoutResult(s -> subscriptions.create(subscriptionId, "ACME", "ANNUAL", SubscriptionState.ACTIVE, 50,
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(365)), "test"));
        EdgeKeyPair home = EdgeKeyPair.create("SYS-G" + UUID.randomUUID().toString().substring(0, 12).toUpperCase());
        CreditsApi credits = new CreditsApi(client("operator"));

        Linked linked = credits.linkSystem(new LinkSystem().accountId("ACME").label("Generated-client HOME").systemKey(jwk(home)), null);
        assertThat(credits.getSystem(linked.getSystemId()).getOnline()).isFalse();

        AssignmentStarted started = credits.assignCredits(linked.getSystemId(), new AssignCredits().subscriptionId(subscriptionId).credits(12L),
                UUID.randomUUID().toString());
        assertThat(started.getState()).isEqualTo(AssignmentStarted.StateEnum.ASSIGNED);
        assertThat(credits.getSubscription(subscriptionId).getAvailable()).isEqualTo(38L);

        String file = read(credits.downloadCreditFileWithHttpInfo(started.getAssignmentId()).getData());
        SignedJWT creditFile = SignedJWT.parse(file);
        assertThat(creditFile.getHeader().getType().getType()).isEqualTo("credits+jwt");
        assertThat(creditFile.verify(new ECDSAVerifier(grantflowKey(creditFile.getHeader().getKeyID())))).isTrue();
        assertThat(creditFile.getJWTClaimsSet().getSubject()).isEqualTo(linked.getSystemId());

        AssignmentView downloaded = credits.getCreditAssignment(started.getAssignmentId());
        assertThat(downloaded.getState()).isEqualTo(AssignmentView.StateEnum.DOWNLOADED);
        assertThat(downloaded.getDownloaded()).isTrue();
        assertThat(downloaded.getFileJti()).isEqualTo(creditFile.getJWTClaimsSet().getJWTID());
        assertThat(credits.getSystem(linked.getSystemId()).getAssignments()).singleElement()
                .satisfies(a -> assertThat(a.getDownloaded()).isTrue());
    }

    @Test
    void aRefusalReachesTheGeneratedClientAsItsProblem() {
        CreditsApi credits = new CreditsApi(client("operator"));
        assertThatThrownBy(() -> credits.getSubscription("SUB-NOPE"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"code\":\"not-found\"");
                });
    }

    /** The edge's public key as the generated client types it: kty, crv, x and y, each a typed member. */
    private static EcPublicJwk jwk(EdgeKeyPair edge) {
        java.util.Map<String, Object> jwk = edge.publicJwk();
        return new EcPublicJwk().kty(EcPublicJwk.KtyEnum.EC).crv(EcPublicJwk.CrvEnum.P_256)
                .x((String) jwk.get("x")).y((String) jwk.get("y"));
    }

    /** The downloaded file: format binary hands it over as the server sent it. */
    private static String read(File file) throws Exception {
        return Files.readString(file.toPath(), StandardCharsets.US_ASCII).strip();
    }

    /** Grantflow's public key of this kid, read through the generated client as any integrator reads the JWKS. */
    private ECKey grantflowKey(String kid) throws Exception {
        JwkSet set = new SigningKeysApi(client(null)).getJwks();
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(set);
        return JWKSet.parse(json).getKeyByKeyId(kid).toECKey();
    }

    private void runJobs(String processInstanceId) {
        for (int i = 0; i < 20; i++) {
            List<Job> due = management.createJobQuery().processInstanceId(processInstanceId).executable().list();
            if (due.isEmpty()) {
                return;
            }
            due.forEach(j -> management.executeJob(j.getId()));
        }
        throw new IllegalStateException("Jobs of " + processInstanceId + " keep coming");
    }
}
