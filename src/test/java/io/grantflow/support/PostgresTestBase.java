package io.grantflow.support;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a fresh PostgreSQL database (the {@code postgres} profile, keys in the database).
 * Every subclass shares one context and one database, created on first use. Skips where PostgreSQL does not
 * answer, fails under {@code CI=true}. The database is dropped by a later run (see {@link Postgres#createDatabase}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"postgres", "test"})
public abstract class PostgresTestBase {

    /** The first administrator's password on the PostgreSQL test database (production refuses short ones). */
    protected static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private static String url;

    private static synchronized String url() {
        if (url == null) {
            url = Postgres.createDatabase("gf_it");
        }
        return url;
    }

    @BeforeAll
    static void requirePostgres() {
        Postgres.require();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", PostgresTestBase::url);
        registry.add("spring.datasource.username", () -> Postgres.USER);
        registry.add("spring.datasource.password", () -> Postgres.PASSWORD);
        registry.add("grantflow.demo", () -> "true");
        registry.add("grantflow.keys.store", () -> "database");
        registry.add("grantflow.keys.encryption-key", () -> "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        registry.add("camunda.bpm.admin-user.password", () -> ADMIN_PASSWORD);
        // Camunda keeps a static registry of engines by name, which /engine-rest and the webapps look up: the H2
        // test context's engine is "default", so this one must not take that name from it.
        registry.add("camunda.bpm.process-engine-name", () -> "postgres"); // no hyphen: Camunda ignores such a name
    }
}
