package vigil.catalog.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import vigil.catalog.camera.Camera;

/**
 * The embedded catalog: one SQLite file in WAL mode, migrated by Flyway on open. Owns its connection pool and
 * closes it in {@link #close()}.
 */
public final class SqliteCatalogStore implements CatalogStore {

    private final HikariDataSource pool;
    private final JdbcCatalogStore jdbc;

    private SqliteCatalogStore(HikariDataSource pool, CredentialCipher cipher) {
        this.pool = pool;
        this.jdbc = new JdbcCatalogStore(pool, cipher);
    }

    /** Opens (creating if needed) {@code catalog.db} and its credential key in {@code dir}. */
    public static SqliteCatalogStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new CatalogException("creating catalog directory " + dir, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("catalog.db").toAbsolutePath());
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("catalog-sqlite");
        hikari.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new CatalogException("migrating catalog in " + dir, e);
        }
        return new SqliteCatalogStore(pool, CredentialCipher.fromKeyFile(dir.resolve("credentials.key")));
    }

    @Override
    public void addCamera(Camera camera) {
        jdbc.addCamera(camera);
    }

    @Override
    public Optional<Camera> camera(String id) {
        return jdbc.camera(id);
    }

    @Override
    public List<Camera> cameras() {
        return jdbc.cameras();
    }

    @Override
    public boolean removeCamera(String id) {
        return jdbc.removeCamera(id);
    }

    @Override
    public void addClip(Clip clip) {
        jdbc.addClip(clip);
    }

    @Override
    public Optional<Clip> clip(String id) {
        return jdbc.clip(id);
    }

    @Override
    public List<Clip> clips(String cameraId, Instant from, Instant to, int limit) {
        return jdbc.clips(cameraId, from, to, limit);
    }

    @Override
    public void putMotionEvent(MotionEventRecord event) {
        jdbc.putMotionEvent(event);
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return jdbc.search(query);
    }

    @Override
    public void addTrack(TrackRecord track) {
        jdbc.addTrack(track);
    }

    @Override
    public Optional<TrackRecord> track(String id) {
        return jdbc.track(id);
    }

    @Override
    public TrackPage tracks(TrackQuery query) {
        return jdbc.tracks(query);
    }

    @Override
    public void putCalibration(vigil.catalog.camera.CameraCalibration calibration) {
        jdbc.putCalibration(calibration);
    }

    @Override
    public Optional<vigil.catalog.camera.CameraCalibration> calibration(String cameraId) {
        return jdbc.calibration(cameraId);
    }

    @Override
    public void putMasks(String cameraId, List<List<double[]>> polygons) {
        jdbc.putMasks(cameraId, polygons);
    }

    @Override
    public List<List<double[]>> masks(String cameraId) {
        return jdbc.masks(cameraId);
    }

    @Override
    public void putPeople(String cameraId, vigil.catalog.camera.CameraPeople people) {
        jdbc.putPeople(cameraId, people);
    }

    @Override
    public Optional<vigil.catalog.camera.CameraPeople> people(String cameraId) {
        return jdbc.people(cameraId);
    }

    @Override
    public void close() {
        pool.close();
    }
}
