package vigil.catalog.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A SQL condition built from parts joined by AND, with its arguments in order; and binding them. */
final class Where {

    final StringBuilder sql = new StringBuilder();
    final List<Object> args = new ArrayList<>();

    void and(String condition, Object... values) {
        if (sql.length() > 0) sql.append(" AND ");
        sql.append(condition);
        args.addAll(List.of(values));
    }

    void and(Where other) {
        if (other.sql.length() > 0) and(other.sql.toString(), other.args.toArray());
    }

    void in(String column, Collection<?> values) {
        and(column + " IN (" + "?,".repeat(values.size() - 1) + "?)", values.toArray());
    }

    boolean isEmpty() {
        return sql.length() == 0;
    }

    /** The condition, or one that always holds when there is none. */
    String orTrue() {
        return isEmpty() ? "1 = 1" : sql.toString();
    }

    static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
    }

    static List<Object> concat(List<?> a, Collection<?> b) {
        List<Object> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }
}
