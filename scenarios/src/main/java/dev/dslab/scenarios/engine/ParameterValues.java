package dev.dslab.scenarios.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The validated parameters of one run: every declared parameter has a value (given or default). */
public final class ParameterValues {

    private final Map<String, Object> values;
    private final Map<String, String> texts;

    private ParameterValues(Map<String, Object> values, Map<String, String> texts) {
        this.values = values;
        this.texts = texts;
    }

    /**
     * @param given what the learner typed, by parameter name
     * @throws IllegalArgumentException one line: an unknown parameter (with the known ones) or a bad value
     */
    public static ParameterValues resolve(String experiment, List<ParameterSpec> specs, Map<String, String> given) {
        Map<String, ParameterSpec> byName = specs.stream().collect(Collectors.toMap(ParameterSpec::name, spec -> spec,
                (a, b) -> a, LinkedHashMap::new));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' for " + experiment + "; it takes: "
                        + (byName.isEmpty() ? "no parameters" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            String text = given.getOrDefault(spec.name(), spec.defaultValue());
            values.put(spec.name(), spec.parse(text));
            texts.put(spec.name(), text.trim());
        }
        return new ParameterValues(values, texts);
    }

    public int integer(String name) {
        return Math.toIntExact((Long) value(name));
    }

    public double decimal(String name) {
        return (Double) value(name);
    }

    public double millis(String name) {
        return (Double) value(name);
    }

    public String choice(String name) {
        return (String) value(name);
    }

    public boolean bool(String name) {
        return (Boolean) value(name);
    }

    /** The parameters as typed (defaults filled in), in declaration order: stored with the run and shown in reports. */
    public Map<String, String> asText() {
        return Collections.unmodifiableMap(texts);
    }

    private Object value(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("the experiment reads parameter '" + name + "' that it does not declare");
        }
        return value;
    }
}
