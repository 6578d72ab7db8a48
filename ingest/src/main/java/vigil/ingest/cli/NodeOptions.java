package vigil.ingest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vigil.ingest.node.AccessSettings;
import vigil.ingest.node.CameraNetworks;
import vigil.ingest.node.CatalogSettings;
import vigil.ingest.node.NodeSettings;
import vigil.ingest.record.RetentionSettings;
import vigil.ingest.rtsp.RtspClientSettings;

/** Options shared by {@code vigil node} and {@code vigil demo}. */
final class NodeOptions {

    @Option(names = "--port", description = "HTTP API port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = {"--listen", "--host"}, description = "address the API listens on; 127.0.0.1 for this machine only "
            + "(default: ${DEFAULT-VALUE}, every interface)", defaultValue = "0.0.0.0")
    String host;

    @Option(names = "--tls-cert", description = "PEM certificate (chain) to serve HTTPS with; needs --tls-key")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key of --tls-cert")
    Path tlsKey;

    @Option(names = "--audit-retention-days", description = "days the audit trail is kept, at least 180 (default: ${DEFAULT-VALUE})",
            defaultValue = "400")
    int auditRetentionDays;

    @Option(names = "--camera-networks", description = "networks cameras may be in, e.g. 10.0.0.0/8,192.168.1.0/24; "
            + "a camera URL outside them is refused (default: any address)")
    String cameraNetworks;

    @Option(names = "--segment-seconds", description = "target segment length (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int segmentSeconds;

    @Option(names = "--transport", description = "RTP transport: tcp or udp (default: ${DEFAULT-VALUE})", defaultValue = "tcp")
    String transport;

    @Option(names = "--catalog", description = "a shared PostgreSQL catalog, jdbc:postgresql://host:5432/db?user=vigil "
            + "(password from $VIGIL_CATALOG_PASSWORD or --catalog-password-file); default: embedded SQLite in the data dir")
    String catalog;

    @Option(names = "--catalog-password-file", description = "file whose first line is the catalog database's password")
    Path catalogPasswordFile;

    @Option(names = "--retention-days", description = "days of footage kept for cameras without their own retentionDays (default: ${DEFAULT-VALUE})", defaultValue = "30")
    int retentionDays;

    @Option(names = "--max-disk", description = "most the footage may use: a share of the data dir's file system (90%%) or a size (500G) (default: ${DEFAULT-VALUE})", defaultValue = "90%")
    String maxDisk;

    @Option(names = "--analysis-gather-ms", description = "how long a camera's frames may wait to be decoded and analysed "
            + "together, which saves CPU on a node with few cameras; motion reaches the catalog that much later; 0 analyses "
            + "each frame as it comes (default: ${DEFAULT-VALUE})", defaultValue = "" + NodeSettings.DEFAULT_GATHER_MS)
    long analysisGatherMs;

    @Mixin
    PeopleOptions people = new PeopleOptions();

    @Mixin
    DecodeOptions decode = new DecodeOptions();

    NodeSettings settings(Path dataDir) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535");
        if (segmentSeconds < 1 || segmentSeconds > 3600) throw new IllegalArgumentException("--segment-seconds must be 1..3600");
        RtspClientSettings.Transport t = switch (transport.toLowerCase()) {
            case "tcp" -> RtspClientSettings.Transport.TCP;
            case "udp" -> RtspClientSettings.Transport.UDP;
            default -> throw new IllegalArgumentException("--transport must be tcp or udp, not " + transport);
        };
        if (retentionDays < 1 || retentionDays > 3650) throw new IllegalArgumentException("--retention-days must be 1..3650");
        if (analysisGatherMs < 0 || analysisGatherMs > NodeSettings.MAX_GATHER_MS) {
            throw new IllegalArgumentException("--analysis-gather-ms must be 0.." + NodeSettings.MAX_GATHER_MS);
        }
        return NodeSettings.defaults(dataDir, port).withHost(host).withSegmentMs(segmentSeconds * 1000L)
                .withRtsp(RtspClientSettings.defaults().withTransport(t)).withScene(people.scene())
                .withAnalysisDeblocking(decode.deblock).withAnalysisGatherMs(analysisGatherMs)
                .withCatalog(new CatalogSettings(catalog, catalogPasswordFile))
                .withRetention(RetentionSettings.parse(retentionDays, maxDisk))
                .withAccess(new AccessSettings(tlsCert, tlsKey, auditRetentionDays, CameraNetworks.parse(cameraNetworks)));
    }
}
