package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.GrantflowApplication;
import io.grantflow.support.Http;
import io.grantflow.support.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production profile on a new PostgreSQL database: no administrator password, an unresolved placeholder or a
 * short one refuse to start (before any administrator exists); a real one starts and logs in. Then the database has
 * its administrator, and a restart without the variable is fine.
 */
class AdminPasswordStartTest {

    static String url;

    @BeforeAll
    static void database() {
        url = Postgres.createDatabase("gf_adminpw");
    }

    @AfterAll
    static void drop() {
        Postgres.drop(url);
    }

    ConfigurableApplicationContext start(String engine, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + Postgres.PASSWORD,
                "--grantflow.keys.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "--grantflow.data-dir=target/test-data-adminpw",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--camunda.bpm.job-execution.enabled=false",
                // not "default": the shared test context's engine may live in this JVM under that name
                "--camunda.bpm.process-engine-name=" + engine,
                // no webapps: they keep JVM-wide state that a closed context would leave broken for the shared test
                // context's Tasklist and Cockpit; the administrator's login is checked over HTTP Basic
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(GrantflowApplication.class).profiles("postgres").run(args.toArray(String[]::new));
    }

    @Test
    void aNewDatabaseNeedsARealAdministratorPassword() throws Exception {
        // the variable unset: application-postgres.yaml's ${GRANTFLOW_ADMIN_PASSWORD} stays as it is
        assertThat(System.getenv("GRANTFLOW_ADMIN_PASSWORD")).as("this test needs the variable unset").isNull();
        // one refused start shows the check stops the node; every other reason is the same check (problem, below)
        assertRefused(() -> start("adminpwunset"), "'${GRANTFLOW_ADMIN_PASSWORD}' is an unresolved placeholder");
        assertThat(adminUsers()).as("no administrator was created").isZero();

        try (ConfigurableApplicationContext ctx = start("adminpwgood", "--GRANTFLOW_ADMIN_PASSWORD=twelve-chars")) {
            Http http = Http.at(((WebServerApplicationContext) ctx).getWebServer().getPort());
            assertAdminLogsIn(http, "twelve-chars");
            assertThat(http.as("admin", "${GRANTFLOW_ADMIN_PASSWORD}").get("/actuator/health").status()).isEqualTo(401);
        }
        // the administrator exists now: the variable is no longer needed, and is not used to change the password
        try (ConfigurableApplicationContext ctx = start("adminpwrestart")) {
            Http http = Http.at(((WebServerApplicationContext) ctx).getWebServer().getPort());
            assertAdminLogsIn(http, "twelve-chars");
        }
    }

    /** The health details are for operators and administrators only: they show that the login worked. */
    static void assertAdminLogsIn(Http http, String password) {
        Http.Response r = http.as("admin", password).get("/actuator/health");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().has("components")).as(r.toString()).isTrue();
    }

    static void assertRefused(Runnable start, String reason) {
        assertThatThrownBy(start::run)
                .satisfies(e -> {
                    Throwable root = e;
                    while (root.getCause() != null && !(root instanceof AdminPasswordCheck.AdminPasswordMissingException)) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(AdminPasswordCheck.AdminPasswordMissingException.class);
                    assertThat(root.getMessage()).doesNotContain("\n").contains(reason)
                            .contains("set GRANTFLOW_ADMIN_PASSWORD (at least 12 characters)");
                });
    }

    static long adminUsers() throws Exception {
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM act_id_user WHERE id_ = 'admin'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
