package vigil.ingest.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node serving HTTPS from a PEM certificate and key, as {@code --tls-cert}/{@code --tls-key} give them. */
class TlsTest {

    @TempDir
    Path dataDir;

    @Test
    void theApiIsServedOverTlsAndNotInTheClear() throws Exception {
        Path cert = dataDir.resolve("cert.pem"), key = dataDir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();

        NodeSettings settings = NodeSettings.defaults(dataDir, 0).withHost("127.0.0.1")
                .withAccess(new AccessSettings(cert, key, 400, CameraNetworks.ANY));
        try (Node node = Node.start(settings)) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            String base = "https://127.0.0.1:" + node.port();
            assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> cameras = https.send(AdminToken.request(dataDir, URI.create(base + "/api/cameras")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(cameras.statusCode()).isEqualTo(200);
            // the same port in the clear answers nothing a client could read
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
    }

    private static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
