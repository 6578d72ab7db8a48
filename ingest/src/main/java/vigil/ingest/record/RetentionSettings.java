package vigil.ingest.record;

/**
 * How long a node keeps footage and how much of its disk footage may use.
 *
 * @param defaultDays      days of footage kept for a camera without its own {@code retentionDays}
 * @param maxDiskBytes     footage may use at most this many bytes, or 0 when {@code maxDiskFraction} rules
 * @param maxDiskFraction  the data dir's file system may be at most this full (0..1), or 0 when a size rules
 * @param intervalMs       how often retention looks (it also runs when a segment closes and the disk is over)
 */
public record RetentionSettings(int defaultDays, long maxDiskBytes, double maxDiskFraction, long intervalMs) {

    public static RetentionSettings defaults() {
        return new RetentionSettings(30, 0, 0.90, 60_000);
    }

    public RetentionSettings {
        if (defaultDays < 1) throw new IllegalArgumentException("--retention-days must be at least 1");
        if (maxDiskBytes < 0 || !(maxDiskFraction >= 0 && maxDiskFraction <= 1)) {
            throw new IllegalArgumentException("--max-disk must be a size such as 500G or a share such as 90%");
        }
    }

    /** Parses {@code --max-disk}: a percentage of the file system ({@code 90%}) or a size ({@code 500G}, {@code 20M}, bytes). */
    public static RetentionSettings parse(int defaultDays, String maxDisk) {
        String v = maxDisk.strip().toUpperCase();
        try {
            if (v.endsWith("%")) {
                double p = Double.parseDouble(v.substring(0, v.length() - 1));
                if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("--max-disk percentage must be 0..100, not " + maxDisk);
                return new RetentionSettings(defaultDays, 0, p / 100, 60_000);
            }
            long unit = 1;
            char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            switch (last) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> { }
            }
            String number = unit == 1 ? v : v.substring(0, v.length() - 1);
            double n = Double.parseDouble(number);
            if (!(n > 0)) throw new IllegalArgumentException("--max-disk must be more than 0, not " + maxDisk);
            return new RetentionSettings(defaultDays, (long) (n * unit), 0, 60_000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-disk must be a size such as 500G or a share such as 90%, not " + maxDisk);
        }
    }

    public RetentionSettings withIntervalMs(long ms) {
        return new RetentionSettings(defaultDays, maxDiskBytes, maxDiskFraction, ms);
    }
}
