package io.grantflow.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantflow.GrantflowApplication;
import io.grantflow.support.Postgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production profile started with another GRANTFLOW_KEYS_ENCRYPTION_KEY than the one that sealed the database's
 * signing keys (or with one that is no key at all) refuses to start with Spring Boot's short report: what is wrong and
 * what to do, no stack trace. The right key still starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class EncryptionKeyStartTest {

    static final String RIGHT = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String WRONG = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    static String url;

    @BeforeAll
    static void database() {
        url = Postgres.createDatabase("gf_sealkey");
    }

    @AfterAll
    static void drop() {
        if (url != null) { // null: PostgreSQL did not answer and the test was skipped
            Postgres.drop(url);
        }
    }

    ConfigurableApplicationContext start(String engine, String key) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=" + Postgres.PASSWORD,
                "--grantflow.keys.encryption-key=" + key,
                "--GRANTFLOW_ADMIN_PASSWORD=twelve-chars",
                "--grantflow.data-dir=target/test-data-sealkey",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--camunda.bpm.job-execution.enabled=false",
                // not "default": the shared test context's engine may live in this JVM under that name
                "--camunda.bpm.process-engine-name=" + engine,
                // no webapps: they keep JVM-wide state that a closed context would leave broken for the shared test context
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration"));
        return new SpringApplicationBuilder(GrantflowApplication.class).profiles("postgres").run(args.toArray(String[]::new));
    }

    @Test
    void anotherEncryptionKeyThanTheOneThatSealedTheKeysRefusesToStartWithAShortReport(CapturedOutput output) {
        try (ConfigurableApplicationContext ctx = start("sealkeyfirst", RIGHT)) {
            assertThat(ctx.getBean(SigningKeys.class).current()).isNotNull();
        }

        int from = output.length();
        assertRefused(() -> start("sealkeywrong", WRONG), "does not open the signing keys stored in the database");
        String report = output.toString().substring(from);
        assertThat(report).contains("APPLICATION FAILED TO START", "does not open the signing keys stored in the database",
                "Start with the GRANTFLOW_KEYS_ENCRYPTION_KEY this database's signing keys were sealed with");
        assertThat(report).as("no stack trace").doesNotContain("\tat ", "AEADBadTagException", "Caused by");

        from = output.length();
        assertRefused(() -> start("sealkeyshort", "c2hvcnQ="), "must be 32 bytes, is 5");
        assertThat(output.toString().substring(from)).contains("APPLICATION FAILED TO START", "must be 32 bytes, is 5",
                "Set GRANTFLOW_KEYS_ENCRYPTION_KEY to base64 of 32 random bytes").doesNotContain("\tat ");

        try (ConfigurableApplicationContext ctx = start("sealkeyagain", RIGHT)) {
            assertThat(ctx.getBean(SigningKeys.class).current()).isNotNull();
        }
    }

    static void assertRefused(Runnable start, String reason) {
        assertThatThrownBy(start::run).satisfies(e -> {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root.getMessage()).doesNotContain("\n").contains(reason).contains("GRANTFLOW_KEYS_ENCRYPTION_KEY");
        });
    }
}
