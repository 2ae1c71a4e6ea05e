package io.grantflow.credits;

import static io.grantflow.support.WebappSession.csrf;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.grantflow.support.EdgeKeyPair;
import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import io.grantflow.support.WebappSession;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The desk's credit-assignment page in the operator's Tasklist login: the assignment in Grantflow's terms and the
 * credit file of an offline HOME system, downloaded by a CSRF-protected form (it issues the file), then again by a
 * link; an auditor may not hand out files.
 */
@GrantflowTest
class DeskCreditAssignmentPageTest {


    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    CreditFixtures f;

    @BeforeEach
    void init() {
        f = CreditFixtures.from(context);
    }

    @Test
    void anOperatorDownloadsTheCreditFileOnTheDeskAndItVerifies() throws Exception {
        String subscription = f.subscription(40);
        EdgeKeyPair system = f.system("ACME");
        String id = f.assign(system, subscription, 15, null).assignmentId();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/credit-assignments/" + id;

        Http.Response shown = operator.page(page);
        assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
        assertThat(shown.body()).contains(system.id(), subscription, "15", "Assigned", "Off: permanent", "id=\"download-credit-file\"", "The system is offline")
                .doesNotContain("ASSIGNED", "T00:")
                // no ISO time (an id may end in Z: the time's digits tell them apart)
                .doesNotContainPattern("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");

        assertThat(operator.form(page + "/download", Map.of()).status()).as("no CSRF token, no file").isEqualTo(403);
        assertThat(f.assignment(id).downloaded()).isFalse();

        Http.Response issued = operator.form(page + "/download", Map.of("_csrf", csrf(shown)));
        assertThat(issued.status()).as("post, redirect, get: " + issued).isEqualTo(302);
        assertThat(issued.raw().headers().firstValue("Location")).get().asString().endsWith(page);
        Http.Response fresh = operator.page(page);
        assertThat(fresh.body()).as("the page is fresh and fetches the file at once")
                .contains("Downloaded", "Credit file issued", "http-equiv=\"refresh\" content=\"0;url=" + page + "/credit-file\"")
                .doesNotContain("id=\"download-credit-file\"");
        Http.Response file = operator.page(page + "/credit-file");
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(file.contentType()).startsWith("application/jwt");
        assertThat(file.raw().headers().firstValue("Content-Disposition")).get().asString().contains("attachment");
        SignedJWT creditFile = SignedJWT.parse(file.body());
        JWKSet jwks = JWKSet.parse(Http.at(port).get("/.well-known/jwks.json").body());
        assertThat(creditFile.verify(new ECDSAVerifier(jwks.getKeyByKeyId(creditFile.getHeader().getKeyID()).toECKey()))).isTrue();
        assertThat(creditFile.getJWTClaimsSet().getSubject()).isEqualTo(system.id());

        assertThat(f.assignment(id).downloaded()).isTrue();
        assertThat(f.assignment(id).state()).isEqualTo(AssignmentState.DOWNLOADED);
        Http.Response after = operator.page(page);
        assertThat(after.body()).contains("Downloaded", "Download the credit file again");
        assertThat(operator.page(page + "/credit-file").body()).isEqualTo(file.body());
    }



    @Test
    void aDownloadedFileIsRevokedWithThePastedRevokeKeyAndABadKeyIsShownAndChangesNothing() {
        String subscription = f.subscription(40);
        EdgeKeyPair system = f.system("ACME");
        String id = f.assign(system, subscription, 15, null).assignmentId();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/credit-assignments/" + id;
        assertThat(operator.form(page + "/download", Map.of("_csrf", csrf(operator.page(page)))).status()).isEqualTo(302);

        Http.Response started = operator.form(page + "/revoke", Map.of("_csrf", csrf(operator.page(page))));
        assertThat(started.status()).as(started.toString()).isEqualTo(302);
        Http.Response waiting = operator.page(page);
        assertThat(waiting.body()).contains("waits for the HOME system", "Revoking", "Paste the revoke key");
        assertThat(f.available(subscription)).isEqualTo(25);

        operator.form(page + "/revoke-key", Map.of("_csrf", csrf(waiting), "revokeKey", "not-a-revoke-key"));
        Http.Response refused = operator.page(page);
        assertThat(refused.body()).contains("Refused:", "Not a token Grantflow can read.", "token-malformed", "Paste the revoke key");
        assertThat(f.assignment(id).state()).isEqualTo(AssignmentState.REVOKING);
        assertThat(f.available(subscription)).as("a refused key changes nothing").isEqualTo(25);

        String key = f.revokeKey(system, f.assignment(id)).sign();
        operator.form(page + "/revoke-key", Map.of("_csrf", csrf(refused), "revokeKey", key));
        assertThat(operator.page(page).body()).contains("the credits are back", "Revoked").doesNotContain("Paste the revoke key")
                .as("a revoked file is not offered again").doesNotContain("Download the credit file again").contains("no longer handed out");
        // the old link (a bookmark, a second tab) comes back to the page, which says why, instead of failing without a word
        Http.Response stale = operator.page(page + "/credit-file");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(303);
        assertThat(stale.raw().headers().firstValue("Location")).get().asString().endsWith(page);
        assertThat(operator.page(page).body()).contains("Refused:", "The credit assignment is not active.", "assignment-not-active");
        assertThat(f.assignment(id).state()).isEqualTo(AssignmentState.REVOKED);
        assertThat(f.available(subscription)).isEqualTo(40);
        assertThat(f.chainIntact(subscription)).isTrue();
    }

    @Test
    void aFileNeverHandedOutIsRevokedAtOnce() {
        String subscription = f.subscription(30);
        String id = f.assign(f.system("ACME"), subscription, 10, null).assignmentId();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        String page = "/desk/credit-assignments/" + id;
        operator.form(page + "/revoke", Map.of("_csrf", csrf(operator.page(page))));
        Http.Response revoked = operator.page(page);
        assertThat(revoked.body()).contains("never left Grantflow", "Revoked").doesNotContain("id=\"download-credit-file", "id=\"revoke-credits\"");
        assertThat(f.available(subscription)).isEqualTo(30);
        // a second tab still showing the form: the revoke is refused on the page
        Http.Response again = operator.form(page + "/revoke", Map.of("_csrf", csrf(waitingPageOf(operator))));
        assertThat(again.status()).isEqualTo(302);
        assertThat(operator.page(page).body()).contains("Refused", "assignment-not-active");
    }

    /** Any desk page of this session carries the session's CSRF token: one of another assignment, still open. */
    String waitingPageOf(WebappSession operator) {
        String other = f.assign(f.system("ACME"), f.subscription(5), 1, null).assignmentId();
        return operator.page("/desk/credit-assignments/" + other).body();
    }

    @Test
    void anOnlineSystemsAssignmentOffersNoFileAndDoesNotExplainTheOfflinePath() {
        EdgeKeyPair system = f.onlineSystem("ACME");
        String id = f.assign(system, f.subscription(10), 2, null).assignmentId();
        WebappSession operator = WebappSession.login(port, "tasklist", "operator", "operator");
        Http.Response shown = operator.page("/desk/credit-assignments/" + id);
        assertThat(shown.body()).contains("The system is online", "● Online")
                .doesNotContain("id=\"download-credit-file", "hand it to the HOME system", "USB");
    }

    @Test
    void anAuditorSignedInToTheWebappsMayNotHandOutCreditFiles() {
        String id = f.assign(f.system("ACME"), f.subscription(10), 2, null).assignmentId();
        WebappSession auditor = WebappSession.login(port, "cockpit", "auditor", "auditor");
        assertThat(auditor.page("/desk/credit-assignments/" + id).status()).isEqualTo(403);
        assertThat(auditor.page("/desk/credit-assignments/" + id + "/credit-file").status()).isEqualTo(403);
        assertThat(f.assignment(id).downloaded()).isFalse();
    }
}
