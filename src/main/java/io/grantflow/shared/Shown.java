package io.grantflow.shared;

import java.util.List;

/** The few items a page shows of how many there are in all. */
public record Shown<T>(List<T> items, long total) {

    /** How many are not shown. */
    public long more() {
        return Math.max(0, total - items.size());
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }
}
