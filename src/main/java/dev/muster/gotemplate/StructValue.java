package dev.muster.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link GoStruct} from an ordered map of field names to values (a host's ready-made struct). Immutable. */
public record StructValue(String goType, Map<String, Object> fields) implements GoStruct {
    public StructValue {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    @Override
    public List<String> fieldNames() {
        return new ArrayList<>(fields.keySet());
    }

    @Override
    public Object field(String name) {
        return fields.get(name);
    }
}
