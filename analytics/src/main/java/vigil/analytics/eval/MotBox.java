package vigil.analytics.eval;

/** One MOTChallenge row: an object id's box in one frame (frames from 1, pixels). */
public record MotBox(int frame, long id, double left, double top, double width, double height) {

    double iou(MotBox o) {
        double w = Math.min(left + width, o.left + o.width) - Math.max(left, o.left);
        double h = Math.min(top + height, o.top + o.height) - Math.max(top, o.top);
        if (w <= 0 || h <= 0) return 0;
        double i = w * h;
        return i / (width * height + o.width * o.height - i);
    }

    /** Parses {@code frame,id,left,top,width,height,...}; rows with fewer fields are refused. */
    public static MotBox parse(String line) {
        String[] f = line.split(",");
        if (f.length < 6) throw new IllegalArgumentException("MOT row needs at least 6 fields: " + line);
        return new MotBox((int) Double.parseDouble(f[0].strip()), (long) Double.parseDouble(f[1].strip()),
                Double.parseDouble(f[2].strip()), Double.parseDouble(f[3].strip()), Double.parseDouble(f[4].strip()),
                Double.parseDouble(f[5].strip()));
    }
}
