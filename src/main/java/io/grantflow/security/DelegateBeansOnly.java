package io.grantflow.security;

import io.grantflow.protocol.Refusal;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.impl.el.ReadOnlyMapELResolver;
import org.camunda.bpm.engine.impl.el.VariableContextElResolver;
import org.camunda.bpm.engine.impl.el.VariableScopeElResolver;
import org.camunda.bpm.engine.impl.scripting.engine.ScriptEngineResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ArrayELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.BeanELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ListELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.MapELResolver;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * What an expression in a model may reach: the process's variables and the beans the shipped models name
 * ({@code ${checkSubscriptionDelegate}}), not every bean of the application ({@code ${ledgerService}},
 * {@code ${jdbcTemplate}} resolve to nothing); no reflection ({@code ${''.getClass().forName(…)}} is refused), and no
 * script engine at all. Deployments are refused unless they are the shipped models ({@link ShippedModelsOnly}); this
 * holds for what remains that evaluates an expression (the shipped models, a stored task filter).
 */
@Component
class DelegateBeansOnly extends AbstractProcessEnginePlugin {


    private final ShippedModels models;
    private final ListableBeanFactory beans;

    DelegateBeansOnly(ShippedModels models, ListableBeanFactory beans) {
        this.models = models;
        this.beans = beans;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        Map<Object, Object> delegates = new DelegateBeans(models.expressionNames(), beans);
        // the bean map also keeps Spring's bean resolver out of scripts
        configuration.setBeans(delegates);
        configuration.setExpressionManager(new Expressions(delegates));
        configuration.setScriptEngineResolver(new NoScripts());
    }

    /**
     * The beans of these names, looked up when an expression names one (the delegates are built after the engine, since
     * they use its services). A name that is a variable, not a bean, is left to the variables.
     */
    static final class DelegateBeans extends AbstractMap<Object, Object> {

        private final Set<String> names;
        private final ListableBeanFactory beans;

        DelegateBeans(Set<String> names, ListableBeanFactory beans) {
            this.names = Set.copyOf(names);
            this.beans = beans;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && names.contains(name) && beans.containsBean(name);
        }

        @Override
        public Object get(Object key) {
            return containsKey(key) ? beans.getBean((String) key) : null;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            // the expression manager only asks for names; nobody lists the beans through it
            return Set.of();
        }
    }

    /** Camunda's expression manager with the bean map in place of the application context, and no reflection. */
    static final class Expressions extends JuelExpressionManager {

        Expressions(Map<Object, Object> beans) {
            super(beans);
        }

        @Override
        protected ELResolver createElResolver() {
            CompositeELResolver resolver = new CompositeELResolver();
            resolver.add(new VariableScopeElResolver());
            resolver.add(new VariableContextElResolver());
            resolver.add(new ReadOnlyMapELResolver(beans));
            resolver.add(new ArrayELResolver());
            resolver.add(new ListELResolver());
            resolver.add(new MapELResolver());
            resolver.add(new NoReflection());
            return resolver;
        }
    }

    /**
     * Properties and methods of ordinary values ({@code ${dateTime().plusDays(1)}} in a task filter) but nothing that
     * reaches a class: not {@code getClass()} or {@code .class}, nothing on a {@code Class}, class loader or reflective
     * object, so no expression loads or calls a class it was not given.
     */
    static final class NoReflection extends BeanELResolver {

        NoReflection() {
            super(true);
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            refuseReflection(base, property);
            return super.getValue(context, base, property);
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            refuseReflection(base, method);
            return super.invoke(context, base, method, paramTypes, params);
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            refuseReflection(base, property);
            return super.getType(context, base, property);
        }

        private static void refuseReflection(Object base, Object name) {
            if (base == null) {
                return;
            }
            boolean reflective = base instanceof Class<?> || base instanceof ClassLoader || base instanceof Module
                    || base instanceof java.lang.reflect.AnnotatedElement
                    || base.getClass().getName().startsWith("java.lang.invoke.");
            String n = String.valueOf(name);
            if (reflective || n.equals("class") || n.equals("getClass") || n.equals("classLoader") || n.equals("getClassLoader")
                    || n.equals("module") || n.equals("getModule") || n.equals("declaringClass") || n.equals("getDeclaringClass")) {
                throw Refusal.EXPRESSION_REFUSED.exception("An expression may not reach classes ('" + n + "' of a "
                        + base.getClass().getSimpleName() + ")");
            }
        }
    }

    /** No script runs in a flow: the shipped models have none, and a script engine could do anything. */
    static final class NoScripts implements ScriptEngineResolver {

        @Override
        public ScriptEngineManager getScriptEngineManager() {
            return new ScriptEngineManager(null);
        }

        @Override
        public void addScriptEngineFactory(javax.script.ScriptEngineFactory factory) {
            // none is added: no script runs
        }

        @Override
        public ScriptEngine getScriptEngine(String language, boolean resolveFromCache) {
            throw Refusal.SCRIPTS_REFUSED.exception("Grantflow runs no scripts (language '" + language + "')");
        }
    }
}
