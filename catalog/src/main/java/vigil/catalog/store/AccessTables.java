package vigil.catalog.store;

import io.vertx.core.json.JsonArray;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import vigil.catalog.access.Role;
import vigil.catalog.access.TokenRecord;
import vigil.catalog.audit.AuditChain;
import vigil.catalog.audit.AuditEntry;
import vigil.catalog.audit.AuditEvent;
import vigil.catalog.audit.AuditHead;
import vigil.catalog.audit.AuditQuery;

/**
 * The catalog's tables of API tokens and of the audit trail. Appends to the trail are serialised: on PostgreSQL
 * by a row lock on the chain's head (so nodes sharing the catalog extend one chain), on SQLite (one process)
 * by this object's lock as well.
 */
final class AccessTables {

    private final DataSource pool;
    private final boolean postgres;

    AccessTables(DataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
    }

    // ---- tokens

    void addToken(TokenRecord t) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO api_token (id, name, role, regions, cameras, secret_hash, created_at_ms, expires_at_ms, "
                        + "revoked_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, t.name());
            ps.setString(3, t.role().apiName());
            ps.setString(4, new JsonArray(new ArrayList<Object>(t.regions())).encode());
            ps.setString(5, new JsonArray(new ArrayList<Object>(t.cameras())).encode());
            ps.setString(6, t.secretHash());
            ps.setLong(7, t.createdAt().toEpochMilli());
            setInstant(ps, 8, t.expiresAt());
            setInstant(ps, 9, t.revokedAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException("storing token " + t.id(), e);
        }
    }

    Optional<TokenRecord> tokenByHash(String hash) {
        return tokens("SELECT * FROM api_token WHERE secret_hash = ?", hash).stream().findFirst();
    }

    Optional<TokenRecord> token(String id) {
        return tokens("SELECT * FROM api_token WHERE id = ?", id).stream().findFirst();
    }

    List<TokenRecord> tokens() {
        return tokens("SELECT * FROM api_token ORDER BY created_at_ms, id");
    }

    boolean revokeToken(String id, Instant at) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "UPDATE api_token SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new CatalogException("revoking token " + id, e);
        }
    }

    private List<TokenRecord> tokens(String sql, Object... args) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            Where.bind(ps, List.of(args));
            List<TokenRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TokenRecord(rs.getString("id"), rs.getString("name"), Role.ofApiName(rs.getString("role")),
                            strings(rs.getString("regions")), strings(rs.getString("cameras")), rs.getString("secret_hash"),
                            Instant.ofEpochMilli(rs.getLong("created_at_ms")), instant(rs, "expires_at_ms"),
                            instant(rs, "revoked_at_ms")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CatalogException("reading tokens", e);
        }
    }

    // ---- audit

    synchronized AuditEntry appendAudit(AuditEvent event) {
        AuditEvent e = event.storable();
        return inTransaction("appending to the audit trail (" + e.action() + ")", conn -> {
            long seq;
            String prev;
            try (PreparedStatement ps = conn.prepareStatement(lockHead("seq, hash")); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new CatalogException("the audit trail has no head row", null);
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
            String hash = AuditChain.hash(prev, seq, e);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO audit_entry (seq, at_ms, token_id, token_name, "
                    + "role, client, action, target, camera_id, status, detail, prev_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Where.bind(ps, Arrays.asList(seq, e.at().toEpochMilli(), e.tokenId(), e.tokenName(), e.role(),
                        e.client(), e.action(), e.target(), e.cameraId(), e.status(), e.detail(), prev, hash));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                ps.setLong(1, seq);
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            return new AuditEntry(seq, e, prev, hash);
        });
    }

    /** The chain's head row, locked for this transaction on PostgreSQL (SQLite: this object's lock serialises). */
    private String lockHead(String columns) {
        return "SELECT " + columns + " FROM audit_head WHERE id = 1" + (postgres ? " FOR UPDATE" : "");
    }

    private interface Work<T> {
        T run(Connection conn) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection conn = pool.getConnection()) {
            Transactions.begin(conn);
            try {
                T result = work.run(conn);
                conn.commit();
                return result;
            } catch (SQLException | RuntimeException ex) {
                conn.rollback();
                throw ex;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException ex) {
            throw new CatalogException(what, ex);
        }
    }

    AuditHead auditHead() {
        try (Connection conn = pool.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT seq, hash, first_seq, anchor_hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new CatalogException("the audit trail has no head row", null);
            return new AuditHead(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4));
        } catch (SQLException e) {
            throw new CatalogException("reading the audit trail's head", e);
        }
    }

    List<AuditEntry> auditEntries(long afterSeq, int limit) {
        return entries("SELECT * FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?", List.of(afterSeq, limit));
    }

    List<AuditEntry> audit(AuditQuery q) {
        Where w = new Where();
        w.and("at_ms >= ? AND at_ms < ?", q.from().toEpochMilli(), q.to().toEpochMilli());
        if (q.actor() != null) w.and("(token_id = ? OR token_name = ?)", q.actor(), q.actor());
        if (q.action() != null) w.and("action = ?", q.action());
        if (q.cameraId() != null) w.and("camera_id = ?", q.cameraId());
        if (q.beforeSeq() != null) w.and("seq < ?", q.beforeSeq());
        return entries("SELECT * FROM audit_entry WHERE " + w.sql + " ORDER BY seq DESC LIMIT ?", Where.concat(w.args, List.of(q.limit())));
    }

    /** Removes entries older than {@code before}, moving the chain's anchor past them. @return entries removed */
    synchronized long pruneAudit(Instant before) {
        return inTransaction("removing audit entries before " + before, conn -> {
            try (PreparedStatement lock = conn.prepareStatement(lockHead("seq"))) {
                lock.executeQuery().close();
            }
            long last;
            String anchor;
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT seq, hash FROM audit_entry WHERE seq = (SELECT MAX(seq) FROM audit_entry WHERE at_ms < ?)")) {
                ps.setLong(1, before.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return 0L;
                    last = rs.getLong(1);
                    anchor = rs.getString(2);
                }
            }
            long removed;
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM audit_entry WHERE seq <= ?")) {
                ps.setLong(1, last);
                removed = ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE audit_head SET first_seq = ?, anchor_hash = ? WHERE id = 1")) {
                ps.setLong(1, last + 1);
                ps.setString(2, anchor);
                ps.executeUpdate();
            }
            return removed;
        });
    }

    private List<AuditEntry> entries(String sql, List<Object> args) {
        try (Connection conn = pool.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            Where.bind(ps, args);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEvent e = new AuditEvent(Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("token_id"),
                            rs.getString("token_name"), rs.getString("role"), rs.getString("client"), rs.getString("action"),
                            rs.getString("target"), rs.getString("camera_id"), rs.getInt("status"), rs.getString("detail"));
                    out.add(new AuditEntry(rs.getLong("seq"), e, rs.getString("prev_hash"), rs.getString("hash")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CatalogException("reading the audit trail", e);
        }
    }

    private static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        new JsonArray(json).forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, t.toEpochMilli());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
