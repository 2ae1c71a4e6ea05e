package io.grantflow.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL for database tests: {@code GRANTFLOW_TEST_PG_URL} or 127.0.0.1:5432/test. Where
 * none answers, tests skip with a message, except under {@code CI=true}, where they fail: CI must prove the
 * PostgreSQL behaviour. Each use gets a fresh database, dropped again by {@link #drop}.
 */
public final class Postgres {

    public static final String ADMIN_URL = System.getenv().getOrDefault("GRANTFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("GRANTFLOW_TEST_PG_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("GRANTFLOW_TEST_PG_PASSWORD", "");

    private Postgres() {
    }

    /** Skips the calling test (or fails under CI=true) when PostgreSQL does not answer. */
    public static void require() {
        String problem = null;
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
            c.isValid(2);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            String message = "PostgreSQL at " + ADMIN_URL + " does not answer (" + problem + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + ": CI=true requires the PostgreSQL tests to run");
            }
            Assumptions.abort(message + "; skipping PostgreSQL tests (set GRANTFLOW_TEST_PG_URL)");
        }
    }

    /**
     * Creates a fresh, empty database and answers its JDBC URL. Its name carries the time, so that a later run can
     * drop what an earlier JVM left behind: dropping at JVM exit races the test contexts still closing.
     */
    public static String createDatabase(String prefix) {
        require();
        String safePrefix = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        dropLeftovers(safePrefix);
        String name = safePrefix + "_" + STAMP.format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE DATABASE " + name);
        System.out.println("PostgreSQL test database " + name + " created");
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmm");

    /** Databases of this prefix made more than two hours ago by runs that are over. */
    private static void dropLeftovers(String prefix) {
        java.time.LocalDateTime cutoff = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusHours(2);
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "\\_%'")) {
            java.util.List<String> old = new java.util.ArrayList<>();
            while (rs.next()) {
                String[] parts = rs.getString(1).substring(prefix.length() + 1).split("_");
                try {
                    if (parts.length == 2 && java.time.LocalDateTime.parse(parts[0], STAMP).isBefore(cutoff)) {
                        old.add(rs.getString(1));
                    }
                } catch (java.time.format.DateTimeParseException notOurs) {
                    // another naming scheme: leave it
                }
            }
            for (String name : old) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.out.println("Could not drop old test databases: " + e.getMessage());
        }
    }

    public static void drop(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + " failed", e);
        }
    }
}
