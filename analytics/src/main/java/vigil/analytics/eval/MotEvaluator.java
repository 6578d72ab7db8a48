package vigil.analytics.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vigil.analytics.track.HungarianAssignment;

/**
 * Scores tracker output against ground truth with TrackEval's definitions at IoU ≥ 0.5:
 * <ul>
 *   <li>CLEAR MOT: per frame, a one-to-one matching that keeps last frame's pairs where they still overlap
 *       (a bonus in the score, as TrackEval does) and otherwise maximises IoU; an ID switch is a ground-truth
 *       object matched to a different prediction id than at its previous match.</li>
 *   <li>Identity: the one-to-one mapping of ground-truth ids to predicted ids that maximises the frames where the
 *       mapped pair overlaps (IDTP); IDF1 = 2·IDTP / (GT boxes + predicted boxes).</li>
 * </ul>
 */
public final class MotEvaluator {

    private static final double THRESHOLD = 0.5;
    private static final double EPS = 1e-9;

    private MotEvaluator() {
    }

    public static MotScore evaluate(List<MotBox> truth, List<MotBox> predicted) {
        Map<Integer, List<MotBox>> gtByFrame = byFrame(truth);
        Map<Integer, List<MotBox>> prByFrame = byFrame(predicted);
        Map<Long, Integer> gtIndex = index(truth);
        Map<Long, Integer> prIndex = index(predicted);
        int[][] pairFrames = new int[gtIndex.size()][prIndex.size()];

        Map<Long, Long> previous = new HashMap<>(); // gt id -> predicted id of its last match
        int tp = 0, fp = 0, fn = 0, idsw = 0;
        double iouSum = 0;
        TreeMap<Integer, Boolean> frames = new TreeMap<>();
        gtByFrame.keySet().forEach(f -> frames.put(f, true));
        prByFrame.keySet().forEach(f -> frames.put(f, true));
        for (int frame : frames.keySet()) {
            List<MotBox> g = gtByFrame.getOrDefault(frame, List.of());
            List<MotBox> p = prByFrame.getOrDefault(frame, List.of());
            if (g.isEmpty() || p.isEmpty()) {
                fn += g.size();
                fp += p.size();
                continue;
            }
            double[][] iou = new double[g.size()][p.size()];
            double[][] cost = new double[g.size()][p.size()];
            for (int i = 0; i < g.size(); i++) {
                for (int j = 0; j < p.size(); j++) {
                    iou[i][j] = g.get(i).iou(p.get(j));
                    if (iou[i][j] >= THRESHOLD - EPS) {
                        pairFrames[gtIndex.get(g.get(i).id())][prIndex.get(p.get(j).id())]++;
                        boolean continuing = Long.valueOf(p.get(j).id()).equals(previous.get(g.get(i).id()));
                        cost[i][j] = -(iou[i][j] + (continuing ? 1000 : 0));
                    } else {
                        cost[i][j] = Double.POSITIVE_INFINITY;
                    }
                }
            }
            int[] match = HungarianAssignment.solve(cost);
            int matched = 0;
            for (int i = 0; i < g.size(); i++) {
                if (match[i] < 0) continue;
                matched++;
                iouSum += iou[i][match[i]];
                long gid = g.get(i).id(), pid = p.get(match[i]).id();
                Long before = previous.put(gid, pid);
                if (before != null && before != pid) idsw++;
            }
            tp += matched;
            fn += g.size() - matched;
            fp += p.size() - matched;
        }

        // identity: best one-to-one id mapping by overlapping frames
        int idtp = 0;
        if (!gtIndex.isEmpty() && !prIndex.isEmpty()) {
            double[][] cost = new double[gtIndex.size()][prIndex.size()];
            for (int i = 0; i < cost.length; i++) {
                for (int j = 0; j < cost[0].length; j++) cost[i][j] = pairFrames[i][j] > 0 ? -pairFrames[i][j] : 0;
            }
            int[] match = HungarianAssignment.solve(cost);
            for (int i = 0; i < match.length; i++) if (match[i] >= 0) idtp += pairFrames[i][match[i]];
        }
        int gtBoxes = truth.size(), prBoxes = predicted.size();
        double mota = gtBoxes == 0 ? 0 : 1 - (fn + fp + idsw) / (double) gtBoxes;
        double idf1 = gtBoxes + prBoxes == 0 ? 0 : 2.0 * idtp / (gtBoxes + prBoxes);
        double motp = tp == 0 ? 0 : iouSum / tp;
        return new MotScore(gtBoxes, prBoxes, tp, fp, fn, idsw, mota, motp, idf1, gtIndex.size(), prIndex.size());
    }

    private static Map<Integer, List<MotBox>> byFrame(List<MotBox> boxes) {
        Map<Integer, List<MotBox>> out = new HashMap<>();
        for (MotBox b : boxes) out.computeIfAbsent(b.frame(), f -> new ArrayList<>()).add(b);
        return out;
    }

    private static Map<Long, Integer> index(List<MotBox> boxes) {
        Map<Long, Integer> out = new HashMap<>();
        for (MotBox b : boxes) out.putIfAbsent(b.id(), out.size());
        return out;
    }
}
