package vigil.catalog.camera;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for camera ids and civil codes. A GB/T 28181 device id is 20 digits: 1–8 the GB/T 2260 civil code of
 * where it stands (province 2, city 2, county 2, basic unit 2), 9–10 industry, 11–13 device type (131 camera,
 * 132 IP camera, ...), 14 network, 15–20 serial.
 */
public final class CameraIds {

    /** URL-safe, and never "." or ".." or any name starting with a dot: ids name folders of the data dir. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}");
    private static final Pattern GB28181 = Pattern.compile("\\d{20}");
    private static final Pattern CIVIL_CODE = Pattern.compile("\\d{2,12}");
    private static final Pattern REGION = Pattern.compile("\\d{2}|\\d{4}|\\d{6}|\\d{8}");
    /** GB/T 2260 province-level codes (the first two digits of every civil code). */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63",
            "64", "65", "71", "81", "82");

    private CameraIds() {
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static boolean isGb28181(String id) {
        return id != null && GB28181.matcher(id).matches();
    }

    public static boolean isValidCivilCode(String code) {
        return civilCodeProblem(code) == null;
    }

    /** What is wrong with a civil code (2–12 digits starting with a GB/T 2260 province), or null. */
    public static String civilCodeProblem(String code) {
        if (code == null || !CIVIL_CODE.matcher(code).matches()) return "must be 2-12 digits (GB/T 2260)";
        if (!PROVINCES.contains(code.substring(0, 2))) return "does not start with a GB/T 2260 province code";
        return null;
    }

    /** What is wrong with a region prefix (2, 4, 6 or 8 digits of a civil code), or null. */
    public static String regionProblem(String prefix) {
        if (!REGION.matcher(prefix).matches()) return "is not a civil-code prefix of 2, 4, 6 or 8 digits";
        if (!PROVINCES.contains(prefix.substring(0, 2))) return "does not start with a GB/T 2260 province code";
        return null;
    }

    /** The civil code in a GB/T 28181 id: its first eight digits (province, city, county, basic unit). */
    public static String civilCodeOf(String gbId) {
        return gbId.substring(0, 8);
    }

    /**
     * The folder of camera {@code id} under {@code root} (segments, thumbnails): always a direct child of it.
     *
     * @throws IllegalArgumentException when the id is not a valid camera id (such as "." or "..")
     */
    public static Path folderOf(Path root, String id) {
        if (!isValidId(id)) throw new IllegalArgumentException("'" + id + "' is not a camera id: no folder is made for it");
        Path base = root.toAbsolutePath().normalize();
        Path folder = base.resolve(id).normalize();
        if (!base.equals(folder.getParent())) throw new IllegalArgumentException("camera id '" + id + "' leaves " + root);
        return folder;
    }
}
