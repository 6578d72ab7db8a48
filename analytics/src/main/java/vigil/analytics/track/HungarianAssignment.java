package vigil.analytics.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (Kuhn-Munkres with potentials, O(n²m)). Rectangular matrices
 * are fine: every row of the smaller side is assigned. Infeasible pairs carry {@link Double#POSITIVE_INFINITY}
 * and are never reported as assigned.
 */
public final class HungarianAssignment {

    private HungarianAssignment() {
    }

    /**
     * @param cost rows × columns, finite or +infinity
     * @return for every row the assigned column, or -1
     */
    public static int[] solve(double[][] cost) {
        int rows = cost.length;
        if (rows == 0) return new int[0];
        int cols = cost[0].length;
        if (cols == 0) {
            int[] none = new int[rows];
            Arrays.fill(none, -1);
            return none;
        }
        boolean transposed = rows > cols;
        double[][] a = transposed ? transpose(cost) : cost;
        int n = a.length, m = a[0].length; // n <= m
        double big = 1;
        for (double[] row : a) for (double v : row) if (Double.isFinite(v)) big = Math.max(big, Math.abs(v));
        big = big * (n + 1) * 10; // stands in for infinity without breaking the potentials
        double[] u = new double[n + 1], v = new double[m + 1];
        int[] p = new int[m + 1], way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double c = a[i0 - 1][j - 1];
                    double cur = (Double.isFinite(c) ? c : big) - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        Arrays.fill(rowToCol, -1);
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0 && Double.isFinite(a[p[j] - 1][j - 1])) rowToCol[p[j] - 1] = j - 1;
        }
        if (!transposed) return rowToCol;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        for (int r = 0; r < n; r++) if (rowToCol[r] >= 0) result[rowToCol[r]] = r;
        return result;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }
}
