package io.taskline.processors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code ratelimit.*} keys of a worker's properties into {@link RateLimitSpec}s. A key
 * under {@code ratelimit.} that is neither {@code ratelimit.<name>} nor {@code ratelimit.<name>.scope},
 * or a scope without its limit, is an error naming the key.
 *
 * <p>Usage: {@code List<RateLimitSpec> specs = RateLimitKeys.specs(props);}
 */
final class RateLimitKeys {

    private RateLimitKeys() {
    }

    /** The limits configured in {@code props}, sorted by name. */
    static List<RateLimitSpec> specs(Map<String, String> props) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> scopes = new TreeMap<>();
        props.forEach((key, value) -> {
            if (!key.startsWith(RateLimitSpec.KEY_PREFIX)) {
                return;
            }
            String rest = key.substring(RateLimitSpec.KEY_PREFIX.length());
            if (rest.endsWith(RateLimitSpec.SCOPE_SUFFIX)) {
                scopes.put(rest.substring(0, rest.length() - RateLimitSpec.SCOPE_SUFFIX.length()), value);
            } else if (rest.contains(".")) {
                throw new IllegalArgumentException(key + ": not a rate-limit key; use "
                        + "ratelimit.<name>=<permits>/<period> and ratelimit.<name>.scope=worker|cluster");
            } else {
                values.put(rest, value);
            }
        });
        scopes.keySet().stream().filter(name -> !values.containsKey(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException(RateLimitSpec.KEY_PREFIX + name + RateLimitSpec.SCOPE_SUFFIX
                    + " is set but " + RateLimitSpec.KEY_PREFIX + name + " is not; add "
                    + RateLimitSpec.KEY_PREFIX + name + "=<permits>/<period>");
        });
        List<RateLimitSpec> specs = new ArrayList<>();
        values.forEach((name, value) -> specs.add(RateLimitSpec.parse(name, value, scopes.get(name))));
        return specs;
    }
}
