package io.trimtab.dashboard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as {@link JsonText} writes them: records become objects of their components, in order, so that a
 * field added to a journal entry or a suggestion reaches the page without a change here; enums become their names;
 * sample values are written compactly.
 */
final class JsonValues {

    /**
     * Each record class's components, looked up once: {@link Class#getRecordComponents} copies them, and their accessors,
     * at every call, which a document of 400 forecasts would pay 400 times.
     */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private JsonValues() {
    }

    /** {@code value} as maps, lists, strings, numbers, booleans and nulls. */
    static Object of(Object value) {
        if (value instanceof Record record) {
            return record(record);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(of(element));
            }
            return list;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Double number) {
            return compact(number);
        }
        return value;
    }

    private static Map<String, Object> record(Record record) {
        RecordComponent[] components = COMPONENTS.get(record.getClass());
        Map<String, Object> object = new LinkedHashMap<>(components.length * 2);
        for (RecordComponent component : components) {
            try {
                object.put(component.getName(), of(component.getAccessor().invoke(record)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
            }
        }
        return object;
    }

    /**
     * A sample as few characters as keep it: a whole number exactly, anything else to a float's 7 digits (enough for a
     * chart and a tooltip), NaN and infinities as null.
     */
    static Object compact(double value) {
        if (!Double.isFinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return Math.abs(value) < Float.MAX_VALUE ? (Object) (float) value : (Object) value;
    }

    static List<Object> compact(double[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(compact(value));
        }
        return list;
    }
}
