package io.grantflow.shared;

import io.grantflow.protocol.Refusal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grantflow.protocol.GrantflowException;
import io.grantflow.protocol.Refusal;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.lang.Nullable;

/**
 * Collections: {@code {items, next}}, cursor-paged in one stable order (oldest first, the id breaking ties), read by
 * index. A cursor is the last item's (created_at, id), base64url: opaque to clients, checked when it comes back.
 * Every refusal is a 400 problem that changes nothing.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The query parameters every collection takes besides its filters. */
    public static final String LIMIT = "limit";
    public static final String CURSOR = "cursor";

    /** What the collections' parameters mean, as the OpenAPI document says it. */
    public static final String LIMIT_DOC = "Items per page, 1 to 200 (default 50); another value is 400 `invalid-limit`";
    public static final String CURSOR_DOC = "The `next` of the previous page; absent for the first page. One not handed out"
            + " by this collection is 400 `invalid-cursor`";
    public static final String ACCOUNT_DOC = "Only this account's (vendor staff; a customer sees its own account only, and"
            + " another account named here lists nothing)";

    private Paging() {
    }

    /** A page of a collection; {@code next} is the cursor of the following page, null on the last one. */
    public record Page<T>(List<T> items,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true,
                    description = "The cursor of the next page (pass it as `cursor`); null on the last page") String next) {

        public <R> Page<R> map(Function<? super T, ? extends R> view) {
            return new Page<>(items.stream().<R>map(view).toList(), next);
        }

        public static <T> Page<T> empty() {
            return new Page<>(List.of(), null);
        }
    }

    /** Where a page starts: right after the row with this (created_at, id). */
    public record Cursor(Instant createdAt, String id) {

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int cut = plain.indexOf('\n');
                if (cut < 1 || cut == plain.length() - 1) {
                    throw invalidCursor();
                }
                return new Cursor(Instant.parse(plain.substring(0, cut)), plain.substring(cut + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw invalidCursor();
            }
        }

        /** The created_at as the database column takes it. */
        public OffsetDateTime at() {
            return createdAt.atOffset(ZoneOffset.UTC);
        }

        private static GrantflowException invalidCursor() {
            return Refusal.INVALID_CURSOR.exception("cursor: not a cursor this collection handed out");
        }
    }

    /** How many items, after which cursor (null: from the first). */
    public record Request(int limit, @Nullable Cursor after) {
    }

    /** The request's page after checking that it names only {@code filters}, {@code limit} and {@code cursor}, each once. */
    public static Request request(Map<String, String[]> parameters, Set<String> filters, @Nullable String limit, @Nullable String cursor) {
        onlyParameters(parameters, filters);
        return request(limit, cursor);
    }

    /** {@code limit} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and {@code cursor} as the client sent them. */
    public static Request request(@Nullable String limit, @Nullable String cursor) {
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw Refusal.INVALID_LIMIT.exception("limit: a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new Request(n, cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
    }

    /**
     * The page of {@code fetched} (up to {@code limit + 1} rows in the collection's order, as {@link Sql} reads them):
     * the extra row only says that another page follows.
     */
    public static <T> Page<T> page(List<Keyed<T>> fetched, Request request) {
        List<T> items = fetched.stream().limit(request.limit()).map(Keyed::item).toList();
        if (fetched.size() <= request.limit()) {
            return new Page<>(items, null);
        }
        return new Page<>(items, fetched.get(request.limit() - 1).key().encode());
    }

    /** A row with its place in the order. */
    public record Keyed<T>(T item, Cursor key) {
    }

    /** The row mapper's item with its place: the row's {@code created_at} and {@code id} columns. */
    public static <T> RowMapper<Keyed<T>> keyed(RowMapper<T> row) {
        return (rs, i) -> new Keyed<>(row.mapRow(rs, i), new Cursor(rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("id")));
    }

    /** A state filter: null when absent, else one of the kind's states, exactly as the API spells them. */
    @Nullable
    public static <E extends Enum<E>> E state(Class<E> states, @Nullable String value) {
        if (value == null) {
            return null;
        }
        for (E state : states.getEnumConstants()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        throw Refusal.INVALID_STATE.exception("state: one of " + Arrays.stream(states.getEnumConstants())
                .map(Enum::name).collect(Collectors.joining(", ")));
    }

    /**
     * Refuses a query parameter the collection does not take, and one given twice: a misspelt filter must not answer
     * the whole collection as if it had matched.
     */
    public static void onlyParameters(Map<String, String[]> given, Set<String> filters) {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(filters);
        unknown.remove(LIMIT);
        unknown.remove(CURSOR);
        if (!unknown.isEmpty()) {
            Set<String> allowed = new TreeSet<>(filters);
            allowed.add(LIMIT);
            allowed.add(CURSOR);
            throw Refusal.UNKNOWN_PARAMETER.exception("Not a parameter of this collection: " + String.join(", ", unknown)
                    + " (it takes " + String.join(", ", allowed) + ")");
        }
        for (Map.Entry<String, String[]> e : given.entrySet()) {
            if (e.getValue().length > 1) {
                throw Refusal.INVALID_REQUEST.exception(e.getKey() + ": given more than once");
            }
        }
    }

    /**
     * A collection's SELECT: the filters given, then the keyset after the cursor, in (created_at, id) order, one row
     * more than the page. {@code alias} is the table's alias in {@code from} (its created_at and id are the order).
     */
    public static final class Sql {

        private final String select;
        private final String alias;
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> params = new ArrayList<>();

        public Sql(String select, String alias) {
            this.select = select;
            this.alias = alias;
        }

        /** {@code condition} with one {@code ?} for {@code value}, when the value is given (a filter left out is no filter). */
        public Sql where(String condition, @Nullable Object value) {
            if (value != null) {
                conditions.add(condition);
                params.add(value instanceof Enum<?> e ? e.name() : value);
            }
            return this;
        }

        public String sql(Request request) {
            List<String> all = new ArrayList<>(conditions);
            if (request.after() != null) {
                // The OR form, not a row value, which H2 reads through the (…, created_at, id) index (CollectionScansTest);
                // the ">=" beside it is the index range PostgreSQL starts the page at, rather than walking every earlier row.
                all.add(alias + ".created_at >= ?");
                all.add("(" + alias + ".created_at > ? OR (" + alias + ".created_at = ? AND " + alias + ".id > ?))");
            }
            return select + (all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all)) + " ORDER BY " + alias + ".created_at, "
                    + alias + ".id FETCH FIRST " + (request.limit() + 1) + " ROWS ONLY";
        }

        public List<Object> params(Request request) {
            List<Object> all = new ArrayList<>(params);
            if (request.after() != null) {
                all.add(request.after().at());
                all.add(request.after().at());
                all.add(request.after().at());
                all.add(request.after().id());
            }
            return all;
        }
    }
}
