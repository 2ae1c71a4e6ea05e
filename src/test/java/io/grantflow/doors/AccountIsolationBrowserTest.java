package io.grantflow.doors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.DeskBrowser;
import io.grantflow.support.GrantflowTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * ACME's admin walks both journeys; then, in the same Chromium, GLOBEX's admin signs in and finds none of ACME's pages:
 * each reads the not-found page, word for word the page of an id that does not exist, and nothing of ACME shows on
 * GLOBEX's home page.
 */
@GrantflowTest
class AccountIsolationBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void globexAdminInTheSameBrowserFindsNoneOfAcmesPagesNorLinks() throws Exception {
        AccountIsolation s = new AccountIsolation(port, "default", "admin", context);
        s.walk();
        List<String> acmePages = List.of("/desk/accounts/ACME", "/desk/accounts/ACME/activations", "/desk/accounts/ACME/systems",
                "/desk/licenses/" + s.license, "/desk/activations/" + s.activation, "/desk/systems/" + s.system,
                "/desk/credit-assignments/" + s.assignment);
        List<String> acmeIds = List.of(s.license, s.activation, s.system, s.assignment, "ACME Printing");
        try (DeskBrowser browser = DeskBrowser.start(port)) {
            try {
                browser.signInAsCustomer("acme-admin");
                for (String page : acmePages) {
                    browser.open(page);
                    assertThat(browser.text(By.tagName("h1"))).as(page).isNotEqualTo("Not found");
                }

                // signed out: the session's cookie is gone; the next person signs in in the same browser
                browser.driver.manage().deleteAllCookies();
                browser.signInAsCustomer("globex-admin");
                assertThat(browser.main()).as("GLOBEX's home page").contains("GLOBEX").doesNotContain(acmeIds);

                browser.open("/desk/activations/RA-NO-SUCH-ACTIVATION");
                String missing = browser.main();
                assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
                browser.assertAccessible();
                browser.screenshot("not-found");
                for (String page : acmePages) {
                    browser.open(page);
                    assertThat(browser.main()).as(page).isEqualTo(missing).doesNotContain(acmeIds);
                    assertThat(browser.driver.getPageSource()).as(page).doesNotContain(acmeIds);
                }
            } catch (Exception | AssertionError e) {
                browser.keepEvidence("account-isolation-browser");
                throw e;
            }
        }
    }
}
