package vigil.analytics.eval;

import java.util.Locale;

/**
 * CLEAR MOT and identity scores of one sequence, as TrackEval defines them (IoU ≥ 0.5).
 *
 * @param mota  1 − (FN + FP + IDSW) / GT
 * @param idf1  2·IDTP / (GT + predictions)
 */
public record MotScore(int gtBoxes, int predictedBoxes, int truePositives, int falsePositives, int falseNegatives,
                       int idSwitches, double mota, double motp, double idf1, int gtIds, int predictedIds) {

    public String row(String name) {
        return String.format(Locale.ROOT, "%-28s %6.3f %6.3f %6d %6d %6d %6d %6d %6d", name, mota, idf1, idSwitches,
                falsePositives, falseNegatives, gtBoxes, gtIds, predictedIds);
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-28s %6s %6s %6s %6s %6s %6s %6s %6s", "sequence", "MOTA", "IDF1", "IDSW",
                "FP", "FN", "GT", "GT ids", "ids");
    }
}
