package io.grantflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantflow.support.GrantflowTest;
import io.grantflow.support.Http;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bench's H2 table-scan check ({@link StatementStatistics#scannedTables}, the plan of each statement) on the
 * collections' statements: every filter, with and without a cursor, reads its table through an index.
 */
@GrantflowTest
class CollectionScansTest {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    @Test
    void everyCollectionsStatementReadsItsTableByAnIndex() throws Exception {
        Http http = Http.at(port).as("auditor");
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2020-01-01T00:00:00Z\nX-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> paths = List.of("/api/v1/licenses", "/api/v1/licenses?accountId=ACME", "/api/v1/subscriptions",
                "/api/v1/subscriptions?accountId=ACME&state=ACTIVE", "/api/v1/systems", "/api/v1/systems?accountId=ACME",
                "/api/v1/remote-activations", "/api/v1/remote-activations?accountId=ACME", "/api/v1/remote-activations?licenseId=LIC-DEMO",
                "/api/v1/remote-activations?state=ACTIVE", "/api/v1/remote-activations?licenseId=LIC-DEMO&state=ACTIVE",
                "/api/v1/credit-assignments", "/api/v1/credit-assignments?accountId=ACME", "/api/v1/credit-assignments?systemId=SYS-1",
                "/api/v1/credit-assignments?subscriptionId=SUB-ANNUAL", "/api/v1/credit-assignments?state=ASSIGNED",
                "/api/v1/credit-assignments?systemId=SYS-1&state=ASSIGNED", "/api/v1/credit-assignments?accountId=ACME&state=ASSIGNED");
        try (Connection c = dataSource.getConnection()) {
            for (String path : paths) {
                for (String page : List.of(path, path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor)) {
                    assertThat(http.get(page).status()).as(page).isEqualTo(200);
                }
            }
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
        }
        // The statements as the repositories send them: read back from H2's record of the last ones run.
        List<String> statements = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS TRUE");
            for (String path : paths) {
                http.get(path);
                http.get(path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor);
            }
            try (var rs = s.executeQuery("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (rs.next()) {
                    String sql = rs.getString(1);
                    if (sql.contains("ORDER BY") && sql.contains("FETCH FIRST") && sql.matches("(?s).*FROM gf_(license|subscription|system|remote_activation|credit_assignment|activation_update) .*")) {
                        statements.add(sql);
                    }
                }
            }
            s.execute("SET QUERY_STATISTICS FALSE");
            assertThat(statements).as("the collections' statements were recorded").hasSizeGreaterThanOrEqualTo(paths.size());
            for (String sql : statements) {
                assertThat(StatementStatistics.scannedTables(c, sql, "gf_")).as("%s\n%s", sql, plan(c, sql)).isEmpty();
            }
        }
    }

    private static String plan(Connection c, String sql) throws Exception {
        try (var p = c.prepareStatement("EXPLAIN " + sql)) {
            int n = p.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= n; i++) {
                p.setObject(i, null);
            }
            try (var rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
