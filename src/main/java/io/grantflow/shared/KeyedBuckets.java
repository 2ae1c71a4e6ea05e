package io.grantflow.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets (Bucket4j) by key, a client address or a user name, in a bounded map (Caffeine): a spray of made-up
 * keys costs memory only up to {@code maxKeys}, the least used buckets going first, and a bucket untouched for
 * {@code forgetAfter} is dropped. Choose {@code forgetAfter} so that such a bucket would be full again: forgetting it
 * then changes nothing. Per node, like everything that limits a client here.
 */
public final class KeyedBuckets {

    private final Bandwidth limit;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    public KeyedBuckets(Bandwidth limit, long maxKeys, Duration forgetAfter) {
        this(limit, maxKeys, forgetAfter, System::nanoTime);
    }

    /** {@code nanoTime}: a monotonic clock, for the buckets' refills and the map's idle time alike. */
    public KeyedBuckets(Bandwidth limit, long maxKeys, Duration forgetAfter, LongSupplier nanoTime) {
        this.limit = limit;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoTime.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        // upkeep (expiry, eviction) runs on the caller's thread: cheap, and what is dropped is decided at once
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(forgetAfter)
                .ticker(nanoTime::getAsLong).executor(Runnable::run).build();
    }

    /** Takes one token from the key's bucket (made full on first use); answers 0, or the nanoseconds until a token is there. */
    public long take(String key) {
        var probe = buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    /** The nanoseconds until the key's bucket has a token, without taking it; 0 for a key without a bucket. */
    public long waitFor(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return 0;
        }
        var probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    /** Whether the key's bucket holds all its tokens again (a key without a bucket: yes). */
    public boolean isFull(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        return bucket == null || bucket.getAvailableTokens() >= limit.getCapacity();
    }

    /** Buckets held now. */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build();
    }
}
