package vigil.catalog.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceUrlTest {

    @Test
    void credentialsAreKeptForIngestButRedactedEverywhereElse() {
        SourceUrl url = SourceUrl.parse("rtsp://admin:s%40cret@10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(url.redacted()).isEqualTo("rtsp://***@10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(url.toString()).doesNotContain("cret");
        assertThat(url.withoutCredentials()).isEqualTo("rtsp://10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(url.withCredentials().toString()).isEqualTo("rtsp://admin:s%40cret@10.0.0.5:554/Streaming/Channels/101?transport=tcp");
        assertThat(SourceUrl.of(url.rawUserInfo(), url.withoutCredentials())).isEqualTo(url);
    }

    @Test
    void urlWithoutCredentialsIsShownAsIs() {
        assertThat(SourceUrl.parse("rtsp://cam.local/live").redacted()).isEqualTo("rtsp://cam.local/live");
    }

    @Test
    void rejectsWhatIsNotAnRtspUrlWithoutEchoingIt() {
        assertThatThrownBy(() -> SourceUrl.parse("http://user:pw@host/x")).hasMessage("must be an rtsp:// URL");
        assertThatThrownBy(() -> SourceUrl.parse("rtsp:///nohost")).hasMessage("has no host");
        assertThatThrownBy(() -> SourceUrl.parse("rtsp://u:p w@host/x")).hasMessageNotContaining("p w");
        assertThatThrownBy(() -> SourceUrl.parse("")).hasMessage("is required");
    }

    @Test
    void gbIdsCarryTheirCivilCode() {
        assertThat(CameraIds.isGb28181("34020000001320000001")).isTrue();
        assertThat(CameraIds.civilCodeOf("34020000001320000001")).isEqualTo("34020000");
        assertThat(CameraIds.isValidId("cam 1")).isFalse();
        assertThat(CameraIds.isValidId("cam-1.north_2~")).isTrue();
    }
}
