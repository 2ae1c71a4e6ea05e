package io.grantflow.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The integration-test context: the whole application on a random port, an in-memory H2 database with the
 * demo data, and the job executor off so tests step through jobs themselves. Every test class with this
 * annotation shares one context (one engine boot); tests make their own fixtures so they do not collide.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public @interface GrantflowTest {
}
