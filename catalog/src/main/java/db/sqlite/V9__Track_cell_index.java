package db.sqlite;

import io.vertx.core.json.JsonArray;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import vigil.catalog.search.MapCells;

/**
 * SQLite only: fills the map index ({@code track_cell}, created by V8) for tracks catalogued before it existed.
 * H3's parent cells cannot be computed in SQL, hence Java. (PostgreSQL catalogs start with the index.)
 */
public class V9__Track_cell_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        MapCells mapCells = new MapCells();
        try (Statement select = context.getConnection().createStatement();
             ResultSet rs = select.executeQuery("SELECT id, start_ms, h3_cells FROM track WHERE h3_cells <> '[]'");
             PreparedStatement insert = context.getConnection().prepareStatement(
                     "INSERT INTO track_cell (res, cell, start_ms, track_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                new JsonArray(rs.getString(3)).forEach(c -> cells.add(String.valueOf(c)));
                for (MapCells.Cell c : mapCells.indexCells(cells)) {
                    insert.setInt(1, c.resolution());
                    insert.setLong(2, c.cell());
                    insert.setLong(3, rs.getLong(2));
                    insert.setString(4, rs.getString(1));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
