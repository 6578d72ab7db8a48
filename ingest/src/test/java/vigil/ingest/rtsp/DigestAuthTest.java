package vigil.ingest.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestAuthTest {

    @Test
    void answersTheRfc2069Example() {
        DigestAuth auth = DigestAuth.answer(List.of(
                "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
                "Mufasa", "CircleOfLife");
        Map<String, String> p = DigestAuth.params(auth.authorization("GET", "/dir/index.html").substring(7));
        assertThat(p).containsEntry("username", "Mufasa").containsEntry("uri", "/dir/index.html")
                .containsEntry("opaque", "5ccc069c403ebaf9f0171e9517f40e41");
        // RFC 2069 section 2.4: response = MD5(MD5(A1):nonce:MD5(A2))
        String ha1 = DigestAuth.md5("Mufasa:testrealm@host.com:CircleOfLife");
        String ha2 = DigestAuth.md5("GET:/dir/index.html");
        assertThat(p.get("response")).isEqualTo(DigestAuth.md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + ha2));
        assertThat(p.get("response")).isEqualTo("1949323746fe6a43ef61f9606e7febea");
    }

    @Test
    void prefersDigestOverBasicAndFallsBackToBasic() {
        DigestAuth digest = DigestAuth.answer(List.of("Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"n\""), "u", "p");
        assertThat(digest.authorization("DESCRIBE", "rtsp://h/x")).startsWith("Digest ");
        DigestAuth basic = DigestAuth.answer(List.of("Basic realm=\"cam\""), "u", "p");
        assertThat(basic.authorization("DESCRIBE", "rtsp://h/x")).isEqualTo("Basic dTpw");
    }

    @Test
    void qopAuthCountsNonces() {
        DigestAuth auth = DigestAuth.answer(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth,auth-int\""), "u", "p");
        assertThat(DigestAuth.params(auth.authorization("PLAY", "rtsp://h/x").substring(7))).containsEntry("nc", "00000001");
        assertThat(DigestAuth.params(auth.authorization("PLAY", "rtsp://h/x").substring(7))).containsEntry("nc", "00000002");
    }

    @Test
    void unsupportedChallengeIsAClearError() {
        assertThatThrownBy(() -> DigestAuth.answer(List.of("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"), "u", "p"))
                .hasMessageContaining("no supported authentication scheme");
    }
}
