package dev.muster.gotemplate;

import java.util.List;

/**
 * A value with Go struct semantics for templates: a fixed, ordered set of exported fields ({@code .Name}), always
 * true, printed as {@code {v1 v2}}; an unknown field is an error, not a miss. Implemented by the data a host passes.
 */
public interface GoStruct {
    /** The Go type name used in messages and {@code %T}, e.g. {@code *dependency.HealthService}. */
    String goType();

    /** The field names, in declaration order. */
    List<String> fieldNames();

    /** The field's value; only called with a name from {@link #fieldNames()}. */
    Object field(String name);
}
