package org.kith.node.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every row of every table of a store file (read on a separate connection), for equality checks. */
record Snapshot(Map<String, List<String>> tables) {

    static final List<String> TABLES;

    static {
        List<String> t = new ArrayList<>(List.of("records", "feeds", "forks", "swarms", "meta"));
        t.addAll(DerivedTables.TABLES);
        TABLES = List.copyOf(t);
    }

    static Snapshot of(Path db) {
        return of(db, TABLES);
    }

    static Snapshot of(Path db, List<String> tables) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return new Snapshot(out);
    }
}
