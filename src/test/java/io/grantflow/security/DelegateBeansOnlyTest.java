package io.grantflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The engine's expressions reach the variables and the delegate beans the shipped models name, nothing else: not
 * another bean of the application, not a class (the command-running payload of the issue).
 */
class DelegateBeansOnlyTest {

    @TempDir
    Path dir;

    /** What an admin's model ran on the host: a class loaded by name, its method called. */
    static String writesFile(Path file) {
        return "${''.getClass().forName('java.io.FileOutputStream').getConstructor(''.getClass()).newInstance('" + file + "').close()}";
    }

    static Object eval(JuelExpressionManager manager, String expression, Map<String, Object> variables) {
        return manager.createValueExpression(expression).getValue(manager.createElContext(Variables.fromMap(variables).asVariableContext()));
    }

    @Test
    void expressionWhenItLoadsAClassThenRefusedAndNothingRuns() {
        Path file = dir.resolve("ran");
        // the payload works on the engine's default expression manager, so its refusal below is no accident of syntax
        eval(new JuelExpressionManager(), writesFile(file), Map.of());
        assertThat(file).exists();

        Path other = dir.resolve("ran-again");
        JuelExpressionManager restricted = new DelegateBeansOnly.Expressions(Map.of());
        assertThatThrownBy(() -> eval(restricted, writesFile(other), Map.of())).hasStackTraceContaining("may not reach classes");
        assertThatThrownBy(() -> eval(restricted, "${'x'.class}", Map.of())).hasStackTraceContaining("may not reach classes");
        assertThat(other).doesNotExist();
    }

    @Test
    void expressionWhenItNamesABeanNoShippedModelNamesThenItDoesNotResolve() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("checkSubscriptionDelegate", "the delegate");
        beans.addBean("ledgerService", "the ledger");
        beans.addBean("jdbcTemplate", "the database");
        JuelExpressionManager restricted = new DelegateBeansOnly.Expressions(
                new DelegateBeansOnly.DelegateBeans(Set.of("checkSubscriptionDelegate", "expiresAt"), beans));

        assertThat(eval(restricted, "${checkSubscriptionDelegate}", Map.of())).isEqualTo("the delegate");
        assertThatThrownBy(() -> eval(restricted, "${ledgerService}", Map.of())).hasMessageContaining("ledgerService");
        assertThatThrownBy(() -> eval(restricted, "${jdbcTemplate.toString()}", Map.of())).hasMessageContaining("jdbcTemplate");
        // a name that is a variable and no bean stays the variable's; ordinary values keep their methods
        assertThat(eval(restricted, "${expiresAt}", Map.of("expiresAt", "2027-01-01"))).isEqualTo("2027-01-01");
        assertThat(eval(restricted, "${status == 'RETURNED' and name.length() == 3}", Map.of("status", "RETURNED", "name", "abc")))
                .isEqualTo(true);
    }
}
