package io.trimtab.mbeans.jmx;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;

/**
 * An MXBean whose MBeanInfo carries the {@link Description}s and parameter names of its interface, so that
 * JConsole and VisualVM show real text instead of "Attribute exposed for management" and {@code p0}.
 *
 * <p>Parameter names come from the compiled interface (Trimtab compiles with {@code -parameters}). Every
 * Trimtab MXBean interface must not overload operation names: the MBeanInfo of an MXBean names parameter
 * types by their open types, so an operation is matched to its method by name and arity.
 */
public class DescribedMXBean extends StandardEmitterMBean {

    private final Class<?> mxbeanInterface;

    /** An MXBean that emits no notifications. */
    public <T> DescribedMXBean(T implementation, Class<T> mxbeanInterface) {
        this(implementation, mxbeanInterface, new NotificationBroadcasterSupport());
    }

    /** An MXBean whose notifications, as declared by the emitter's {@code getNotificationInfo()}, come from {@code emitter}. */
    public <T> DescribedMXBean(T implementation, Class<T> mxbeanInterface, NotificationEmitter emitter) {
        super(implementation, mxbeanInterface, true, emitter);
        this.mxbeanInterface = mxbeanInterface;
        requireDescriptions(mxbeanInterface);
    }

    /** Reads the attributes from one snapshot when the implementation offers one ({@link SnapshotReads}). */
    @Override
    public AttributeList getAttributes(String[] attributes) {
        if (getImplementation() instanceof SnapshotReads snapshot) {
            return snapshot.readTogether(() -> super.getAttributes(attributes));
        }
        return super.getAttributes(attributes);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return mxbeanInterface.getAnnotation(Description.class).value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return accessor(info).getAnnotation(Description.class).value();
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return operation(info).getAnnotation(Description.class).value();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op).getParameters()[sequence].getName();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return operation(op).getParameters()[sequence].getAnnotation(Description.class).value();
    }

    private Method accessor(MBeanAttributeInfo info) {
        for (Method method : mxbeanInterface.getMethods()) {
            String name = method.getName();
            if (method.getParameterCount() == 0
                    && (name.equals("get" + info.getName()) || name.equals("is" + info.getName()))) {
                return method;
            }
        }
        throw new IllegalStateException("no getter for attribute " + info.getName() + " in " + mxbeanInterface.getName());
    }

    private Method operation(MBeanOperationInfo info) {
        for (Method method : mxbeanInterface.getMethods()) {
            if (method.getName().equals(info.getName()) && method.getParameterCount() == info.getSignature().length) {
                return method;
            }
        }
        throw new IllegalStateException("no method for operation " + info.getName() + " in " + mxbeanInterface.getName());
    }

    private static void requireDescriptions(Class<?> type) {
        List<String> missing = new ArrayList<>();
        if (type.getAnnotation(Description.class) == null) {
            missing.add(type.getSimpleName());
        }
        List<String> names = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            if (names.contains(method.getName()) && !isSetter(method)) {
                missing.add(method.getName() + " (overloaded; MXBean operations must have unique names)");
            }
            names.add(method.getName());
            if (!isSetter(method) && method.getAnnotation(Description.class) == null) {
                missing.add(method.getName());
            }
            if (!isSetter(method)) {
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.getAnnotation(Description.class) == null) {
                        missing.add(method.getName() + "(" + parameter.getName() + ")");
                    }
                    if (!parameter.isNamePresent()) {
                        missing.add(method.getName() + " (compiled without -parameters)");
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " lacks @Description on: " + String.join(", ", missing));
        }
    }

    /** A writable attribute's setter shares the description of its getter. */
    private static boolean isSetter(Method method) {
        return method.getName().startsWith("set") && method.getParameterCount() == 1
                && method.getReturnType() == void.class;
    }
}
