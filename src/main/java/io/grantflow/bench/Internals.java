package io.grantflow.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.context.ApplicationContext;

/**
 * The features keep their services package-private (their API is REST); the bench drives those services as their
 * controllers do, in-process and without HTTP, so it reaches them reflectively here and nowhere else. A renamed
 * method fails the bench's smoke test, not the build.
 */
final class Internals {

    private Internals() {
    }

    static Object bean(ApplicationContext context, String className) {
        try {
            Object bean = context.getBean(Class.forName(className));
            Object target = AopProxyUtils.getSingletonTarget(bean);
            return target != null ? target : bean;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No class " + className, e);
        }
    }

    /** Calls the declared method of that name whose parameters accept the arguments. */
    static Object call(Object target, String name, Object... args) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && accepts(m.getParameterTypes(), args)) {
                    m.setAccessible(true);
                    try {
                        return m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw unchecked(e.getCause());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        throw new IllegalStateException("No method " + name + " with " + args.length + " parameters on " + target.getClass());
    }

    /** A record's component, read through its accessor. */
    static Object get(Object record, String component) {
        return call(record, component);
    }

    static String string(Object record, String component) {
        Object value = get(record, component);
        return value == null ? null : value.toString();
    }

    /** A new instance of a (nested, package-private) record, through its canonical constructor. */
    static Object make(String className, Object... args) {
        try {
            for (Constructor<?> c : Class.forName(className).getDeclaredConstructors()) {
                if (accepts(c.getParameterTypes(), args)) {
                    c.setAccessible(true);
                    return c.newInstance(args);
                }
            }
        } catch (InvocationTargetException e) {
            throw unchecked(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("No constructor of " + className + " for " + args.length + " arguments");
    }

    private static boolean accepts(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            Class<?> type = wrap(types[i]);
            if (args[i] == null ? types[i].isPrimitive() : !type.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> wrap(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        return type;
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
