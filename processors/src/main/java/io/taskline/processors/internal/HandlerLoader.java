package io.taskline.processors.internal;

import io.taskline.processors.TaskHandler;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Creates handlers named by class in the worker properties and configures them. */
public final class HandlerLoader {

    private HandlerLoader() {
    }

    /** A new, configured instance of {@code className}, which needs a public no-argument constructor. */
    public static TaskHandler<?> load(String key, String className, Map<String, String> workerConfig) {
        Object instance;
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            instance = type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "no such class on the classpath");
        } catch (NoSuchMethodException e) {
            throw new ConfigException(key, className, "needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new ConfigException(key, className, "constructor failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, className, "cannot be created: " + e);
        } catch (LinkageError e) {
            // A static initializer that throws, a class its code needs missing from the classpath.
            throw new ConfigException(key, className, "cannot be loaded: " + e);
        }
        if (!(instance instanceof TaskHandler<?> handler)) {
            throw new ConfigException(key, className, "does not implement " + TaskHandler.class.getName());
        }
        try {
            handler.configure(workerConfig);
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException(key, className, "configure() failed: " + e);
        }
        return handler;
    }
}
