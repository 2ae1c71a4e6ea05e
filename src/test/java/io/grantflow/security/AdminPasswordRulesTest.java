package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which passwords may become the first administrator's (the start that refuses them: {@code AdminPasswordStartTest}). */
class AdminPasswordRulesTest {

    @ParameterizedTest(name = "[{0}] is refused: {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | none is set",
            "'' | none is set",
            "'   ' | none is set",
            "${ADMIN_SECRET_FROM_A_VAULT} | unresolved placeholder",
            "short | fewer than 12 characters",
            "elevenchars | fewer than 12 characters"})
    void passwordsThatCannotBeTheFirstAdministratorsOutsideTheDemo(String password, String reason) {
        assertThat(AdminPasswordCheck.problem(password, false)).contains(reason);
    }

    @Test
    void twelveCharactersWillDoAndTheDemoKeepsItsShortPassword() {
        assertThat(AdminPasswordCheck.problem("twelve-chars", false)).isNull();
        assertThat(AdminPasswordCheck.problem("admin", true)).isNull();
        assertThat(AdminPasswordCheck.problem("${GRANTFLOW_ADMIN_PASSWORD}", true)).contains("unresolved placeholder");
    }
}
